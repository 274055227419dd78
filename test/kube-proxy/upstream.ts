// A loopback upstream DNS resolver for the cluster-DNS tests: it knows only example.test (A
// 192.0.2.123), answers NXDOMAIN for every other name, and records the names it was asked.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import * as packet from 'dns-packet';
import { freePort } from '../../cluster/common/ports.js';

export interface Upstream {
  port: number;
  /** Every name asked, in order. */
  queries: string[];
  stop(): Promise<void>;
}

/** A loopback resolver that knows only example.test (UDP and TCP on one port). */
export async function startUpstream(): Promise<Upstream> {
  const port = await freePort();
  const queries: string[] = [];
  const reply = (m: Buffer): Buffer => {
    const q = packet.decode(m);
    const name = q.questions![0]!.name;
    queries.push(name);
    const known = name === 'example.test' && q.questions![0]!.type === 'A';
    const answers = known ? [{ name, type: 'A' as const, ttl: 60, data: '192.0.2.123' }] : [];
    return packet.encode({ type: 'response', id: q.id, flags: name === 'example.test' ? 0 : 3, questions: q.questions, answers });
  };
  const udp: Socket = createSocket('udp4');
  udp.on('message', (m, r) => udp.send(reply(m), r.port, r.address));
  await new Promise<void>((res) => udp.bind(port, '127.0.0.1', () => res()));
  const tcp: Server = createServer((c) => c.on('data', (d: Buffer) => c.end(packet.streamEncode(packet.decode(reply(d.subarray(2)))))));
  await new Promise<void>((res) => tcp.listen(port, '127.0.0.1', () => res()));
  return { port, queries, stop: () => new Promise((res) => (udp.close(), tcp.close(() => res()))) };
}
