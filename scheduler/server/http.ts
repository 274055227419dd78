// The scheduler's HTTP endpoint (kube-scheduler's 10259): health probes and the explanations of
// recent scheduling attempts at GET /explain/<namespace>/<name>, Prometheus metrics at /metrics.
// Plain HTTP (no serving certs yet), so /metrics is unauthenticated like the rest.
import Fastify, { type FastifyInstance } from 'fastify';
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

export function buildServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  const health = async (_req: unknown, reply: { code(n: number): { send(b: string): unknown } }) => {
    const ok = opts.healthy?.() ?? true;
    return reply.code(ok ? 200 : 500).send(ok ? 'ok' : 'not ready');
  };
  app.get('/healthz', health);
  app.get('/livez', health);
  app.get('/readyz', health);
  const metrics = opts.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      const m = await metrics.render();
      return reply.type(m.contentType).send(m.body);
    });
  }
  app.get('/leader', async () => ({ leading: opts.leading?.() ?? true }));
  app.get<{ Params: { namespace: string; name: string } }>('/explain/:namespace/:name', async (req, reply) => {
    const { namespace, name } = req.params;
    const attempts = opts.explain.forPod(namespace, name);
    if (attempts.length === 0) {
      return reply.code(404).send({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404,
        message: `no recent scheduling attempts recorded for pod ${namespace}/${name}`,
      });
    }
    return { pod: `${namespace}/${name}`, attempts };
  });
  return app;
}
