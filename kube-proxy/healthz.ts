// kube-proxy's health endpoint (:10256): /healthz and /livez answer 200 while rules have been
// written recently, 503 before the first write or when syncs have stalled. /metrics (Prometheus
// text) is served on the same port when a metrics source is given.
import { createServer, type Server } from 'node:http';
import { listenUntilAborted, sendScrape, type Listening, type MetricsScrape } from '../apimachinery/metrics/index.js';

export interface HealthSource {
  /** Time of the last successful rule write (0 = never). */
  lastSyncAt(): number;
  now(): number;
  /** Older than this → unhealthy. */
  staleAfterMs: number;
}

export interface HealthReport {
  healthy: boolean;
  body: { lastUpdated: string; currentTime: string };
}

export function healthReport(src: HealthSource): HealthReport {
  const last = src.lastSyncAt();
  const now = src.now();
  return {
    healthy: last > 0 && now - last <= src.staleAfterMs,
    body: { lastUpdated: last > 0 ? new Date(last).toISOString() : '', currentTime: new Date(now).toISOString() },
  };
}

function splitHostPort(bind: string): { host: string; port: number } {
  const i = bind.lastIndexOf(':');
  if (i < 0) return { host: bind || '0.0.0.0', port: 10256 };
  return { host: bind.slice(0, i) || '0.0.0.0', port: Number(bind.slice(i + 1)) };
}

/** Serves health (and metrics) until `signal` aborts; resolves with the bound port once listening. */
export async function serveHealthz(bind: string, src: HealthSource, signal: AbortSignal, metrics?: { render(): Promise<MetricsScrape> }): Promise<Listening> {
  const { host, port } = splitHostPort(bind);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/metrics' && metrics) {
      sendScrape(res, metrics);
      return;
    }
    if (path !== '/healthz' && path !== '/livez') {
      res.writeHead(404).end();
      return;
    }
    const r = healthReport(src);
    res.writeHead(r.healthy ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
  });
  return listenUntilAborted(server, host, port, signal);
}
