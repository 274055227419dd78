// The kubelet's HTTP server (port 10250): /healthz, /pods, /containerLogs/<ns>/<pod>/<container>,
// the exec and attach WebSockets at /exec|attach/<ns>/<pod>/<container> (v5.channel.k8s.io) and
// /portForward/<ns>/<pod> (SPDY/3.1, SPDY inside a WebSocket, or WebSocket channels), /metrics
// (Prometheus text; nodes/metrics to the authorizer). Errors are
// metav1.Status JSON so the API server can pass them through to kubectl unchanged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage } from '../host/index.js';
import { instancesOf, observePod } from '../pods/index.js';
import type { MetricsScrape } from '../../apimachinery/metrics/index.js';
import type { ContainerStatus, RuntimeService } from '../runtime/index.js';
import { checkRequest, type NodeAuthorizer } from './auth.js';
import { ExecStreams, execRequest } from './exec.js';
import { attachSession } from './attach.js';
import { PortForwardWebSockets, portForwardKind, requestedPorts, upgradeSpdy, type ForwardTarget } from './portforward.js';
import { logOptions, queryFlag, streamLog } from './logs.js';

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
  /**
   * HTTPS with this serving certificate (PEM). With clientCA every request must carry a client
   * certificate signed by it (401 otherwise) and pass `authorizer` (403 otherwise).
   */
  tls?: { cert: string; key: string; clientCA?: string };
  /** Decides nodes/<subresource> access for authenticated users (needs tls.clientCA). */
  authorizer?: NodeAuthorizer;
  /** Served at /metrics when given. */
  metrics?: { render(): Promise<MetricsScrape> };
}

type Found = { ok: true; pod: V1Pod; container: ContainerStatus } | { ok: false; code: number; message: string };

const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 501: 'NotImplemented' };
const PHRASES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function status(code: number, message: string): string {
  const reason = REASONS[code] ?? 'InternalError';
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function sendStatus(res: ServerResponse, code: number, message: string): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(status(code, message));
}

function rejectUpgrade(socket: Duplex, code: number, message: string): void {
  const body = status(code, message);
  socket.end(`HTTP/1.1 ${code} ${PHRASES[code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export class KubeletServer {
  private readonly server: Server;
  private readonly exec: ExecStreams;
  private readonly portForward: PortForwardWebSockets;
  private readonly closing = new AbortController();
  /** Upgraded sockets (exec, attach, port-forward): server.close() would wait for them. */
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly o: KubeletServerOptions) {
    this.exec = new ExecStreams(o.log);
    this.portForward = new PortForwardWebSockets(o.log);
    const handler = (req: IncomingMessage, res: ServerResponse): void =>
      void this.guarded(req, res).catch((err: unknown) => sendStatus(res, 500, errorMessage(err)));
    this.server = o.tls
      ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key, ...(o.tls.clientCA ? { ca: o.tls.clientCA, requestCert: true, rejectUnauthorized: false } : {}) }, handler)
      : createServer(handler);
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgraded.add(socket);
      socket.once('close', () => this.upgraded.delete(socket));
      void this.guardedUpgrade(req, socket, head).catch((err: unknown) => rejectUpgrade(socket, 500, errorMessage(err)));
    });
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
    this.portForward.close();
    if (this.upgraded.size) this.o.log.debug({ open: this.upgraded.size }, 'closing upgraded connections');
    for (const s of this.upgraded) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** With a client CA: authentication and authorization first (401 / 403 as the kubelet answers). */
  private async denied(req: IncomingMessage): Promise<{ code: number; message: string } | undefined> {
    if (!this.o.tls?.clientCA) return undefined;
    const d = await checkRequest(req, this.o.authorizer);
    if (d.allowed) return undefined;
    this.o.log.debug({ url: req.url, code: d.code, message: d.message }, 'request denied');
    return d;
  }

  private async guarded(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const d = await this.denied(req);
    if (d) { sendStatus(res, d.code, d.message); return; }
    await this.request(req, res);
  }

  private async guardedUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const d = await this.denied(req);
    if (d) { rejectUpgrade(socket, d.code, d.message); return; }
    await this.upgrade(req, socket, head);
  }

  /** The pod and the instance of its container to serve (the previous one with `previous`). */
  private async locate(ns: string, name: string, container: string, previous: boolean): Promise<Found> {
    const pod = this.o.pods.find(ns, name);
    if (!pod) return { ok: false, code: 404, message: `pod "${name}" not found in namespace "${ns}" on this node` };
    const cname = container || pod.spec?.containers[0]?.name || '';
    const known = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].some((c) => c.name === cname);
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
    if (url.pathname === '/metrics' && this.o.metrics) {
      const m = await this.o.metrics.render();
      res.writeHead(200, { 'Content-Type': m.contentType }).end(m.body);
      return;
    }
    if (url.pathname === '/pods') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.o.pods.list() }));
      return;
    }
    if (parts[0] === 'containerLogs' && parts.length >= 4 && req.method === 'GET') {
      const q = url.searchParams;
      const found = await this.locate(parts[1]!, parts[2]!, parts[3]!, queryFlag(q, 'previous'));
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
      sendStatus(res, 400, parts[0] === 'portForward'
        ? 'portForward needs an upgrade: SPDY/3.1 (portforward.k8s.io) or a WebSocket'
        : `${parts[0]} needs a WebSocket upgrade (v5.channel.k8s.io)`);
      return;
    }
    sendStatus(res, 404, `the kubelet has no handler for ${url.pathname}`);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'portForward' && parts.length >= 3) { await this.upgradePortForward(req, socket, head, url, parts[1]!, parts[2]!); return; }
    if ((parts[0] !== 'exec' && parts[0] !== 'attach') || parts.length < 4) { rejectUpgrade(socket, 404, `no handler for ${url.pathname}`); return; }
    if (!ExecStreams.acceptable(req)) { rejectUpgrade(socket, 400, 'only the v5.channel.k8s.io and v4.channel.k8s.io WebSocket protocols are supported'); return; }
    const r = execRequest(url.searchParams);
    if (parts[0] === 'exec' && r.command.length === 0) { rejectUpgrade(socket, 400, 'you must specify at least 1 command'); return; }
    const found = await this.locate(parts[1]!, parts[2]!, parts[3]!, false);
    if (!found.ok) { rejectUpgrade(socket, found.code, found.message); return; }
    const id = found.container.id;
    if (parts[0] === 'attach') {
      this.o.log.debug({ pod: `${parts[1]}/${parts[2]}`, container: parts[3], stdin: r.stdin, tty: r.tty }, 'attach');
      this.exec.serve(req, socket, head, r, () => attachSession(this.o.runtime, id, r));
      return;
    }
    this.o.log.debug({ pod: `${parts[1]}/${parts[2]}`, container: parts[3], command: r.command }, 'exec');
    this.exec.serve(req, socket, head, r, () => this.o.runtime.exec(id, r.command, { stdin: r.stdin, tty: r.tty }));
  }

  private async upgradePortForward(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, ns: string, name: string): Promise<void> {
    const kind = portForwardKind(req);
    if (!kind) {
      rejectUpgrade(socket, 400, 'port-forward needs SPDY/3.1 (portforward.k8s.io), WebSocket SPDY/3.1+portforward.k8s.io or v4.channel.k8s.io');
      return;
    }
    const pod = this.o.pods.find(ns, name);
    if (!pod) { rejectUpgrade(socket, 404, `pod "${name}" not found in namespace "${ns}" on this node`); return; }
    const uid = pod.metadata?.uid ?? '';
    const rt = await observePod(this.o.runtime, uid);
    const sandbox = rt.sandboxes.find((s) => s.state === 'SANDBOX_READY');
    if (!sandbox) { rejectUpgrade(socket, 400, `pod "${name}" has no running sandbox`); return; }
    const target: ForwardTarget = { pod: `${ns}/${name}`, uid, dial: (port, signal) => this.o.runtime.portForward(sandbox.id, port, signal) };
    this.o.log.debug({ pod: target.pod, kind }, 'port-forward');
    if (kind === 'spdy') { upgradeSpdy(socket, head, target, this.o.log); return; }
    let ports: number[] = [];
    if (kind === 'websocket-channels') {
      const p = requestedPorts(url.searchParams);
      if (typeof p === 'string') { rejectUpgrade(socket, 400, p); return; }
      ports = p;
    }
    this.portForward.serve(req, socket, head, target, ports);
  }
}
