// The exec stream over WebSocket, as kubectl 1.32 speaks it (v5.channel.k8s.io; v4 accepted too):
// binary messages whose first byte is the channel — 0 stdin, 1 stdout, 2 stderr, 3 status (one
// metav1.Status JSON, then close 1000), 4 resize ({"Width","Height"}); from the client, [255, 0]
// closes stdin (v5). The session is a runtime ExecSession.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage } from '../host/index.js';
import type { ExecSession } from '../runtime/index.js';

export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
export const STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4, CLOSE = 255;

export interface ExecRequest {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function execRequest(q: URLSearchParams): ExecRequest {
  const bool = (k: string): boolean => ['true', '1'].includes(q.get(k) ?? '');
  return { command: q.getAll('command'), stdin: bool('stdin'), stdout: bool('stdout'), stderr: bool('stderr'), tty: bool('tty') };
}

export function successStatus(): object {
  return { metadata: {}, status: 'Success' };
}

export function exitStatus(code: number, command: string[]): object {
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command ${JSON.stringify(command)}, exit code ${code}`,
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export function failureStatus(message: string): object {
  return { metadata: {}, status: 'Failure', reason: 'InternalError', message, code: 500 };
}

function frame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

export class ExecStreams {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  constructor(private readonly log: Logger) {}

  /** Whether the upgrade request offers a protocol we speak. */
  static acceptable(req: IncomingMessage): boolean {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    return PROTOCOLS.some((p) => offered.includes(p));
  }

  /** Upgrades and runs the session that `start` opens (`start` failing ends with a Failure status). */
  serve(req: IncomingMessage, socket: Duplex, head: Buffer, r: ExecRequest, start: () => Promise<ExecSession>): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.session(ws, r, start));
  }

  private async session(ws: WebSocket, r: ExecRequest, start: () => Promise<ExecSession>): Promise<void> {
    const finish = (status: object): void => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(frame(ERROR, JSON.stringify(status)), () => ws.close(1000));
    };
    // Listen at once: the client may send stdin (and its close signal) before the process exists.
    const early: Buffer[] = [];
    let session: ExecSession | undefined;
    const onMessage = (buf: Buffer, s: ExecSession): void => {
      if (buf.length === 0) return;
      const ch = buf[0];
      const body = buf.subarray(1);
      if (ch === STDIN && s.stdin && !s.stdin.destroyed) s.stdin.write(body);
      else if (ch === CLOSE && body[0] === STDIN) s.stdin?.end();
      else if (ch === RESIZE) {
        try {
          const size = JSON.parse(body.toString('utf8')) as { Width?: number; Height?: number };
          if (size.Width && size.Height) s.resize({ width: size.Width, height: size.Height });
        } catch { /* ignore a malformed resize */ }
      }
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const buf = isBinary ? data : Buffer.from(data);
      if (session) onMessage(buf, session);
      else early.push(buf);
    });
    let s: ExecSession;
    try {
      s = await start();
    } catch (err) {
      finish(failureStatus(errorMessage(err)));
      return;
    }
    session = s;
    if (ws.readyState !== ws.OPEN) { s.kill(); return; }
    s.stdin?.on('error', () => { /* process gone */ });
    for (const buf of early.splice(0)) onMessage(buf, s);
    ws.on('close', () => s.kill());
    ws.on('error', (err) => this.log.debug({ err: errorMessage(err) }, 'exec websocket error'));
    const pump = (stream: NodeJS.ReadableStream | null, ch: number, wanted: boolean): Promise<void> => new Promise((resolve) => {
      if (!stream) return resolve();
      stream.on('data', (d: Buffer) => { if (wanted && ws.readyState === ws.OPEN) ws.send(frame(ch, d)); });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    const outputs = Promise.all([pump(s.stdout, STDOUT, r.stdout || r.tty), pump(s.stderr, STDERR, r.stderr)]);
    let code: number;
    try {
      code = await s.exit;
    } catch (err) {
      finish(failureStatus(errorMessage(err)));
      return;
    }
    await outputs;
    finish(code === 0 ? successStatus() : exitStatus(code, r.command));
  }

  close(): void { this.wss.close(); }
}
