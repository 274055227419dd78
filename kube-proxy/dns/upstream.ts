// Forwarding to the upstream resolvers: the client's query bytes go out unchanged over UDP (or TCP
// when the client asked over TCP); each upstream gets `timeoutMs`, then the next one is tried.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `[::1]:53` → Upstream. */
export function parseUpstream(s: string): Upstream {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 53) };
  const parts = s.split(':');
  if (parts.length === 2) return { host: parts[0]!, port: Number(parts[1]) };
  return { host: s, port: 53 };
}

/** Nameservers from a resolv.conf text, in order. */
export function resolvConfNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** One exchange with an upstream: the reply, or undefined on timeout, abort or failure; `close` runs when it ends. */
function exchange(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  close: () => void,
  start: (done: (r: Buffer | undefined) => void) => void,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const done = (r: Buffer | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      close();
      resolve(r);
    };
    const onAbort = (): void => done(undefined);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    start(done);
  });
}

function queryUdp(msg: Buffer, up: Upstream, timeoutMs: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  const sock = createSocket(up.host.includes(':') ? 'udp6' : 'udp4');
  const id = msg.readUInt16BE(0);
  return exchange(timeoutMs, signal, () => sock.close(), (done) => {
    sock.on('error', () => done(undefined));
    sock.on('message', (reply, rinfo) => {
      if (reply.length >= 2 && reply.readUInt16BE(0) === id && rinfo.port === up.port) done(reply);
    });
    sock.send(msg, up.port, up.host, (err) => err && done(undefined));
  });
}

function queryTcp(msg: Buffer, up: Upstream, timeoutMs: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  const sock = connect({ host: up.host, port: up.port });
  let buf = Buffer.alloc(0);
  return exchange(timeoutMs, signal, () => sock.destroy(), (done) => {
    sock.on('error', () => done(undefined));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(msg.length);
      sock.write(Buffer.concat([len, msg]));
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    sock.on('end', () => done(undefined));
  });
}

/** The first upstream answer, or undefined when every upstream failed or timed out. */
export async function forward(
  msg: Buffer,
  upstreams: Upstream[],
  opts: { tcp: boolean; timeoutMs: number; signal?: AbortSignal },
): Promise<Buffer | undefined> {
  for (const up of upstreams) {
    if (opts.signal?.aborted) return undefined;
    const r = await (opts.tcp ? queryTcp : queryUdp)(msg, up, opts.timeoutMs, opts.signal);
    if (r) return r;
  }
  return undefined;
}
