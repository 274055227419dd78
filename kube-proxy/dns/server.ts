// Cluster DNS run(): Service + EndpointSlice informers feed an index rebuilt lazily after changes;
// queries are served over UDP and TCP (2-byte length framing) on --listen.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../apimachinery/client.js';
import { newLogger, type Logger } from '../../apimachinery/log.js';
import { proxyApi, serviceInformer, sliceInformer } from '../informers.js';
import { handleMessage, type HandlerDeps } from './handler.js';
import { splitHostPort, type DnsOptions } from './options.js';
import { buildDnsIndex, type DnsIndex } from './records.js';
import { forward } from './upstream.js';

export interface DnsDeps {
  logger?: Logger;
  kubeConfig?: KubeConfig;
}

export interface RunningDns {
  udpPort: number;
  tcpPort: number;
  done: Promise<void>;
}

function serveUdp(sock: Socket, deps: HandlerDeps, log: Logger): void {
  sock.on('message', (msg, rinfo) => {
    handleMessage(msg, false, deps).then(
      (reply) => reply && sock.send(reply, rinfo.port, rinfo.address),
      (err: unknown) => log.warn({ err: String(err) }, 'udp query failed'),
    );
  });
}

function serveTcpConn(conn: TcpSocket, deps: HandlerDeps, log: Logger): void {
  let buf = Buffer.alloc(0);
  conn.setTimeout(10_000, () => conn.destroy());
  conn.on('error', () => conn.destroy());
  conn.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
      buf = buf.subarray(2 + msg.length);
      handleMessage(Buffer.from(msg), true, deps).then(
        (reply) => {
          if (!reply || conn.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(reply.length);
          conn.write(Buffer.concat([len, reply]));
        },
        (err: unknown) => log.warn({ err: String(err) }, 'tcp query failed'),
      );
    }
  });
}

export async function run(opts: DnsOptions, signal: AbortSignal, deps: DnsDeps = {}): Promise<RunningDns> {
  const log = deps.logger ?? newLogger({ component: 'cluster-dns', level: opts.logLevel });
  const kc = deps.kubeConfig ?? loadKubeConfig({ kubeconfig: opts.kubeconfig, server: opts.master, userAgent: 'cluster-dns' });
  const api = proxyApi(kc);
  const services = serviceInformer(kc, log, api);
  const slices = sliceInformer(kc, log, api);
  let index: DnsIndex | undefined;
  const invalidate = { onAdd: () => (index = undefined), onUpdate: () => (index = undefined), onDelete: () => (index = undefined) };
  services.addEventHandler(invalidate);
  slices.addEventHandler(invalidate);
  const tasks = [services.run(signal), slices.run(signal)];

  const handler: HandlerDeps = {
    index: () => (index ??= buildDnsIndex(services.store.list(), slices.store.list(), opts.clusterDomain)),
    forward: (msg, tcp) => forward(msg, opts.upstreams, { tcp, timeoutMs: opts.upstreamTimeoutMs, signal }),
  };

  // Answer only once the caches hold the cluster, so a fresh start never says NXDOMAIN wrongly.
  await Promise.all([services.waitForSync(signal), slices.waitForSync(signal)]);

  const { host, port } = splitHostPort(opts.listen, 53);
  const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, host, () => resolve());
  });
  serveUdp(udp, handler, log);
  const udpPort = udp.address().port;
  const tcp: Server = createServer((c) => serveTcpConn(c, handler, log));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port === 0 ? udpPort : port, host, () => resolve());
  });
  const addr = tcp.address();
  const tcpPort = typeof addr === 'object' && addr ? addr.port : 0;
  log.info({ listen: `${host}:${udpPort}`, zone: opts.clusterDomain, upstreams: opts.upstreams.map((u) => `${u.host}:${u.port}`) }, 'serving DNS');

  const closed = new Promise<void>((resolve) => {
    const close = (): void => {
      udp.close();
      tcp.close(() => resolve());
    };
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
  });
  return { udpPort, tcpPort, done: Promise.all([...tasks, closed]).then(() => undefined) };
}
