// The scheduler's HTTP endpoint (kube-scheduler's 10259): health probes and the explanations of
// recent scheduling attempts at GET /explain/<namespace>/<name>, Prometheus metrics at /metrics.
// Plain HTTP (no serving certs yet), so /metrics is unauthenticated like the rest. A bare node:http
// server, as the other components' endpoints: six routes do not need a web framework in the bundle.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendScrape } from '../../apimachinery/metrics/index.js';
import type { ExplainStore } from '../explain/store.js';
import type { SchedulerMetrics } from './metrics.js';

export interface ServerOptions {
  explain: ExplainStore;
  /** Served at /metrics when given. */
  metrics?: Pick<SchedulerMetrics, 'render'>;
  /** Whether the scheduler is healthy (informers synced / loop running). */
  healthy?: () => boolean;
  /** Whether this instance currently leads (reported, not gating). */
  leading?: () => boolean;
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function text(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}

function notFound(res: ServerResponse, message: string): void {
  json(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message });
}

function handle(opts: ServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    const ok = opts.healthy?.() ?? true;
    return text(res, ok ? 200 : 500, ok ? 'ok' : 'not ready');
  }
  if (path === '/metrics' && opts.metrics) return sendScrape(res, opts.metrics);
  if (path === '/leader') return json(res, 200, { leading: opts.leading?.() ?? true });
  const explain = /^\/explain\/([^/]+)\/([^/]+)$/.exec(path);
  if (explain) {
    let namespace: string;
    let name: string;
    try {
      namespace = decodeURIComponent(explain[1]!);
      name = decodeURIComponent(explain[2]!);
    } catch {
      return text(res, 400, 'bad path');
    }
    const attempts = opts.explain.forPod(namespace, name);
    if (attempts.length === 0) return notFound(res, `no recent scheduling attempts recorded for pod ${namespace}/${name}`);
    return json(res, 200, { pod: `${namespace}/${name}`, attempts });
  }
  notFound(res, `no route for ${path}`);
}

/** The server, not yet listening (listenUntilAborted from apimachinery/metrics starts and stops it). */
export function buildServer(opts: ServerOptions): Server {
  return createServer((req, res) => handle(opts, req, res));
}
