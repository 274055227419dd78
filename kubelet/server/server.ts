// The kubelet's HTTP server (port 10250): /healthz, /pods, /containerLogs/<ns>/<pod>/<container>
// and the exec WebSocket at /exec/<ns>/<pod>/<container>. Errors are metav1.Status JSON so the
// API server can pass them through to kubectl unchanged. /attach and /portForward are not served.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage } from '../common.js';
import { observePod } from '../pods/observe.js';
import { instancesOf } from '../pods/status.js';
import type { ContainerStatus, RuntimeService } from '../runtime/index.js';
import { ExecStreams, execRequest } from './exec.js';
import { logOptions, streamLog } from './logs.js';

export interface PodSource {
  find(namespace: string, name: string): V1Pod | undefined;
  list(): V1Pod[];
}

export interface KubeletServerOptions {
  address: string;
  port: number;
  pods: PodSource;
  runtime: RuntimeService;
  log: Logger;
}

type Found = { ok: true; pod: V1Pod; container: ContainerStatus } | { ok: false; code: number; message: string };

function status(code: number, message: string): string {
  const reason = code === 404 ? 'NotFound' : code === 400 ? 'BadRequest' : code === 501 ? 'NotImplemented' : 'InternalError';
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function sendStatus(res: ServerResponse, code: number, message: string): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(status(code, message));
}

function rejectUpgrade(socket: Duplex, code: number, message: string): void {
  const body = status(code, message);
  socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 400 ? 'Bad Request' : 'Error'}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export class KubeletServer {
  private readonly server: Server;
  private readonly exec: ExecStreams;
  private readonly closing = new AbortController();

  constructor(private readonly o: KubeletServerOptions) {
    this.exec = new ExecStreams(o.log);
    this.server = createServer((req, res) => void this.request(req, res).catch((err: unknown) => sendStatus(res, 500, errorMessage(err))));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      void this.upgrade(req, socket, head).catch((err: unknown) => rejectUpgrade(socket, 500, errorMessage(err))));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.address, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.exec.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The pod and the instance of its container to serve (the previous one with `previous`). */
  private async locate(ns: string, name: string, container: string, previous: boolean): Promise<Found> {
    const pod = this.o.pods.find(ns, name);
    if (!pod) return { ok: false, code: 404, message: `pod "${name}" not found in namespace "${ns}" on this node` };
    const cname = container || pod.spec?.containers[0]?.name || '';
    const known = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c) => c.name === cname);
    if (!known) return { ok: false, code: 400, message: `container ${cname} is not valid for pod ${name}` };
    const rt = await observePod(this.o.runtime, pod.metadata?.uid ?? '');
    const [latest, prev] = instancesOf(rt.containers, cname);
    if (previous) {
      if (!prev) return { ok: false, code: 400, message: `previous terminated container "${cname}" in pod "${name}" not found` };
      return { ok: true, pod, container: prev };
    }
    if (!latest) return { ok: false, code: 400, message: `container "${cname}" in pod "${name}" is waiting to start: ContainerCreating` };
    return { ok: true, pod, container: latest };
  }

  private async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (url.pathname === '/healthz') { res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'); return; }
    if (url.pathname === '/pods') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.o.pods.list() }));
      return;
    }
    if (parts[0] === 'containerLogs' && parts.length >= 4 && req.method === 'GET') {
      const q = url.searchParams;
      const found = await this.locate(parts[1]!, parts[2]!, parts[3]!, ['true', '1'].includes(q.get('previous') ?? ''));
      if (!found.ok) { sendStatus(res, found.code, found.message); return; }
      const c = found.container;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
      res.flushHeaders();
      const ac = new AbortController();
      const abort = (): void => ac.abort();
      req.socket.on('close', abort);
      this.closing.signal.addEventListener('abort', abort, { once: true });
      const running = async (): Promise<boolean> => {
        const st = await this.o.runtime.containerStatus(c.id).catch(() => undefined);
        return st?.state === 'CONTAINER_RUNNING' || st?.state === 'CONTAINER_CREATED';
      };
      try {
        await streamLog(c.logPath, logOptions(q), res, running, ac.signal);
      } finally {
        req.socket.off('close', abort);
        this.closing.signal.removeEventListener('abort', abort);
        res.end();
      }
      return;
    }
    if (['exec', 'attach', 'portForward'].includes(parts[0] ?? '')) {
      sendStatus(res, 400, `${parts[0]} needs a WebSocket upgrade (v5.channel.k8s.io)`);
      return;
    }
    sendStatus(res, 404, `the kubelet has no handler for ${url.pathname}`);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'attach' || parts[0] === 'portForward') {
      rejectUpgrade(socket, 501, `${parts[0]} is not supported by this kubelet`);
      return;
    }
    if (parts[0] !== 'exec' || parts.length < 4) { rejectUpgrade(socket, 404, `no handler for ${url.pathname}`); return; }
    if (!ExecStreams.acceptable(req)) { rejectUpgrade(socket, 400, 'only the v5.channel.k8s.io and v4.channel.k8s.io WebSocket protocols are supported'); return; }
    const r = execRequest(url.searchParams);
    if (r.command.length === 0) { rejectUpgrade(socket, 400, 'you must specify at least 1 command'); return; }
    const found = await this.locate(parts[1]!, parts[2]!, parts[3]!, false);
    if (!found.ok) { rejectUpgrade(socket, found.code, found.message); return; }
    const id = found.container.id;
    this.o.log.debug({ pod: `${parts[1]}/${parts[2]}`, container: parts[3], command: r.command }, 'exec');
    this.exec.serve(req, socket, head, r, () => this.o.runtime.exec(id, r.command, { stdin: r.stdin, tty: r.tty }));
  }
}
