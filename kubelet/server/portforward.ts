// The kubelet's port-forward endpoint (/portForward/<ns>/<pod>) in the three forms clients use:
// - SPDY/3.1 (portforward.k8s.io): kubectl's direct `Upgrade: SPDY/3.1` POST, or the same SPDY
//   frames inside binary WebSocket messages (subprotocol `SPDY/3.1+portforward.k8s.io`, what
//   kubectl 1.32 tries first). Per local connection kubectl opens an "error" and a "data" stream
//   sharing headers port + requestid; we dial the pod port when both are there, pipe data with
//   half-close, and write any failure as text on the error stream before closing both.
// - WebSocket channels (v4.channel.k8s.io, what client-node's PortForward speaks): ?ports=P1,P2;
//   channel 2i carries port i's data and 2i+1 its errors; each channel's first frame from us is
//   the port as 2 bytes little-endian. One WebSocket = one connection per port.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../apimachinery/log.js';
import { SpdyConnection, type SpdyStream, type SpdyTransport } from '../../apimachinery/spdy/index.js';
import { errorMessage } from '../host/index.js';

export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
export const SPDY_WEBSOCKET_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const CHANNEL_PROTOCOLS = ['v4.channel.k8s.io', 'v5.channel.k8s.io'];
// The ws library rejects "SPDY/3.1+portforward.k8s.io" ('/' is not a token character): we hand it
// this stand-in and put the real name back into the 101 response.
const SPDY_WS_TOKEN = 'k8ts-spdy-portforward';
const PAIR_TIMEOUT_MS = 30_000;
/** Past this many queued bytes a WebSocket holds further SPDY frames until the send completes. */
const WS_HIGH_WATER = 1 << 20;

/** Opens a connection to a port of the pod (inside its network namespace). */
export type PortDialer = (port: number, signal?: AbortSignal) => Promise<Duplex>;

export interface ForwardTarget {
  /** "namespace/name" and uid, for error messages as the kubelet words them. */
  pod: string;
  uid: string;
  dial: PortDialer;
}

function headerList(req: IncomingMessage, name: string): string[] {
  return String(req.headers[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Which port-forward transport an upgrade request asks for, or undefined if none we speak. */
export function portForwardKind(req: IncomingMessage): 'spdy' | 'websocket-spdy' | 'websocket-channels' | undefined {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'spdy/3.1') return headerList(req, 'x-stream-protocol-version').includes(PORTFORWARD_PROTOCOL) ? 'spdy' : undefined;
  if (upgrade !== 'websocket') return undefined;
  const offered = headerList(req, 'sec-websocket-protocol');
  if (offered.includes(SPDY_WEBSOCKET_PROTOCOL)) return 'websocket-spdy';
  if (CHANNEL_PROTOCOLS.some((p) => offered.includes(p))) return 'websocket-channels';
  return undefined;
}

/** Serves the portforward.k8s.io protocol on a SPDY session. */
export function servePortForwardSpdy(conn: SpdyConnection, target: ForwardTarget, log: Logger): void {
  const pairs = new Map<string, { data?: SpdyStream; error?: SpdyStream; timer: NodeJS.Timeout }>();
  const closing = new AbortController();
  conn.on('close', () => {
    closing.abort();
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
  conn.on('protocolError', (err: Error) => log.debug({ err: err.message }, 'port-forward SPDY protocol error'));
  conn.on('stream', (s: SpdyStream) => {
    const type = s.header('streamtype');
    const port = Number(s.header('port'));
    const requestId = s.header('requestid') ?? '';
    s.on('error', () => { /* reset by the peer */ });
    if ((type !== 'data' && type !== 'error') || !Number.isInteger(port) || port < 1 || port > 65535) {
      log.debug({ type, port: s.header('port') }, 'port-forward: bad stream headers');
      s.reset();
      return;
    }
    void s.reply({});
    const key = `${requestId}/${port}`;
    let p = pairs.get(key);
    if (!p) {
      const timer = setTimeout(() => {
        const stale = pairs.get(key);
        pairs.delete(key);
        stale?.data?.reset();
        stale?.error?.reset();
      }, PAIR_TIMEOUT_MS);
      p = { timer };
      pairs.set(key, p);
    }
    if (p[type]) { s.reset(); return; }
    p[type] = s;
    if (p.data && p.error) {
      clearTimeout(p.timer);
      pairs.delete(key);
      void forward(p.data, p.error, port, target, closing.signal, log);
    }
  });
}

async function forward(data: SpdyStream, errorStream: SpdyStream, port: number, target: ForwardTarget, signal: AbortSignal, log: Logger): Promise<void> {
  errorStream.resume(); // kubectl half-closes it at once; nothing comes on it
  let pod: Duplex;
  try {
    pod = await target.dial(port, signal);
  } catch (err) {
    const msg = `error forwarding port ${port} to pod ${target.pod}, uid ${target.uid}: ${errorMessage(err)}`;
    log.debug({ pod: target.pod, port, err: errorMessage(err) }, 'port-forward dial failed');
    errorStream.end(msg);
    data.end();
    return;
  }
  if (data.destroyed) { pod.destroy(); errorStream.end(); return; }
  pod.on('error', (err) => {
    log.debug({ pod: target.pod, port, err: err.message }, 'port-forward pod connection error');
    if (!data.writableEnded) data.end();
  });
  data.on('error', () => pod.destroy());
  pod.pipe(data);
  data.pipe(pod);
  data.once('close', () => {
    pod.destroy();
    if (!errorStream.writableEnded && !errorStream.destroyed) errorStream.end();
  });
}

/** SPDY over a raw upgraded socket: answers 101, then frames flow. */
export function upgradeSpdy(socket: Duplex, head: Buffer, target: ForwardTarget, log: Logger): SpdyConnection {
  socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
    `X-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
  const transport: SpdyTransport = {
    write: (b) => {
      if (socket.destroyed || socket.write(b)) return undefined;
      return new Promise<void>((resolve) => { socket.once('drain', resolve); socket.once('close', resolve); });
    },
    close: () => socket.end(),
  };
  const conn = new SpdyConnection(transport, { server: true });
  servePortForwardSpdy(conn, target, log);
  socket.on('data', (c: Buffer) => conn.feed(c));
  socket.on('error', () => socket.destroy());
  socket.on('end', () => socket.end()); // the client went: no half-open sessions
  socket.on('close', () => conn.transportClosed());
  if (head.length) conn.feed(head);
  return conn;
}

export class PortForwardWebSockets {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => [SPDY_WS_TOKEN, ...CHANNEL_PROTOCOLS].find((p) => offered.has(p)) ?? false,
  });

  constructor(private readonly log: Logger) {
    this.wss.on('headers', (headers: string[]) => {
      const i = headers.indexOf(`Sec-WebSocket-Protocol: ${SPDY_WS_TOKEN}`);
      if (i >= 0) headers[i] = `Sec-WebSocket-Protocol: ${SPDY_WEBSOCKET_PROTOCOL}`;
    });
  }

  serve(req: IncomingMessage, socket: Duplex, head: Buffer, target: ForwardTarget, ports: number[]): void {
    if (headerList(req, 'sec-websocket-protocol').includes(SPDY_WEBSOCKET_PROTOCOL)) req.headers['sec-websocket-protocol'] = SPDY_WS_TOKEN;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (ws.protocol === SPDY_WS_TOKEN) this.spdy(ws, target);
      else this.channels(ws, target, ports);
    });
  }

  close(): void { this.wss.close(); }

  /** SPDY frames inside binary messages, both ways (a byte stream: frames may span messages). */
  private spdy(ws: WebSocket, target: ForwardTarget): void {
    const transport: SpdyTransport = {
      write: (b) => {
        if (ws.readyState !== ws.OPEN) return undefined;
        if (ws.bufferedAmount < WS_HIGH_WATER) { ws.send(b, { binary: true }); return undefined; }
        return new Promise<void>((resolve) => ws.send(b, { binary: true }, () => resolve()));
      },
      close: () => ws.close(1000),
    };
    const conn = new SpdyConnection(transport, { server: true });
    servePortForwardSpdy(conn, target, this.log);
    ws.on('message', (d: Buffer, isBinary: boolean) => conn.feed(isBinary ? d : Buffer.from(d)));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => conn.transportClosed());
  }

  private channels(ws: WebSocket, target: ForwardTarget, ports: number[]): void {
    const v5 = ws.protocol === 'v5.channel.k8s.io';
    const send = (ch: number, body: Buffer | string): void => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([ch]), typeof body === 'string' ? Buffer.from(body) : body]));
    };
    const conns = new Map<number, Duplex>();
    const early = new Map<number, Buffer[]>();
    const ac = new AbortController();
    let open = ports.length;
    const oneDone = (): void => { if (--open <= 0 && ws.readyState === ws.OPEN) ws.close(1000); };
    ports.forEach((port, i) => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16LE(port, 0);
      send(2 * i, prefix);
      send(2 * i + 1, prefix);
      target.dial(port, ac.signal).then((c) => {
        if (ws.readyState !== ws.OPEN) { c.destroy(); return; }
        conns.set(2 * i, c);
        for (const b of early.get(2 * i) ?? []) c.write(b);
        early.delete(2 * i);
        c.on('data', (d: Buffer) => send(2 * i, d));
        c.on('error', (err) => send(2 * i + 1, err.message));
        c.on('close', oneDone);
      }, (err: unknown) => {
        send(2 * i + 1, `error forwarding port ${port} to pod ${target.pod}, uid ${target.uid}: ${errorMessage(err)}`);
        oneDone();
      });
    });
    ws.on('message', (d: Buffer) => {
      if (d.length < 1) return;
      const ch = d[0]!;
      if (v5 && ch === 255) { conns.get(d[1] ?? 0)?.end(); return; }
      const c = conns.get(ch);
      if (c) c.write(d.subarray(1));
      else if (ch % 2 === 0 && ch < 2 * ports.length) early.set(ch, [...(early.get(ch) ?? []), d.subarray(1)]);
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      ac.abort();
      for (const c of conns.values()) c.destroy();
    });
  }
}

/** The ?ports= of a WebSocket port-forward request (repeated or comma-separated). */
export function requestedPorts(q: URLSearchParams): number[] | string {
  const raw = q.getAll('ports').flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  if (raw.length === 0) return 'query parameter "ports" is required';
  const ports = raw.map(Number);
  const bad = raw.find((_, i) => !Number.isInteger(ports[i]) || ports[i]! < 1 || ports[i]! > 65535);
  return bad === undefined ? ports : `invalid port "${bad}"`;
}
