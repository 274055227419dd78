// The controller-manager's Prometheus metrics and the plain-HTTP endpoint serving them
// (--secure-port/--bind-address, loopback by default: no serving certificate yet, so no TLS).
// workqueue_{adds_total,depth,retries_total}{name} are read from the controllers' queues when
// scraped (the queues only bump number fields); leader_election_master_status{name} from the
// elector.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WorkQueue } from '../apimachinery/controller/index.js';
import { listenUntilAborted, sendScrape, newMetricsRegistry, renderMetrics, type Listening, type MetricsScrape, type RegistryOptions } from '../apimachinery/metrics/index.js';

function sumBy(queues: readonly WorkQueue[], read: (q: WorkQueue) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const q of queues) out.set(q.name, (out.get(q.name) ?? 0) + read(q));
  return out;
}

export class ControllerManagerMetrics {
  readonly registry: Registry;
  private queues: readonly WorkQueue[] = [];
  private leader?: { name: string; isLeader: () => boolean };

  constructor(opts: RegistryOptions = {}) {
    this.registry = newMetricsRegistry(opts);
    const registers = [this.registry];
    const queues = (): readonly WorkQueue[] => this.queues;
    new Counter({
      name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers,
      collect() {
        this.reset();
        for (const [name, n] of sumBy(queues(), (q) => q.adds)) this.labels(name).inc(n);
      },
    });
    new Gauge({
      name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers,
      collect() {
        this.reset();
        for (const [name, n] of sumBy(queues(), (q) => q.len())) this.labels(name).set(n);
      },
    });
    new Counter({
      name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers,
      collect() {
        this.reset();
        for (const [name, n] of sumBy(queues(), (q) => q.retries)) this.labels(name).inc(n);
      },
    });
    const leader = (): { name: string; isLeader: () => boolean } | undefined => this.leader;
    new Gauge({
      name: 'leader_election_master_status',
      help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. \'name\' is the string used to identify the lease.',
      labelNames: ['name'], registers,
      collect() {
        const l = leader();
        if (l) this.labels(l.name).set(l.isLeader() ? 1 : 0);
      },
    });
  }

  /** The queues of the controllers now running (replaced on every leadership term). */
  setQueues(queues: readonly WorkQueue[]): void {
    this.queues = queues;
  }

  setLeader(name: string, isLeader: () => boolean): void {
    this.leader = { name, isLeader };
  }

  render(): Promise<MetricsScrape> {
    return renderMetrics(this.registry);
  }
}

/** Serves /metrics and /healthz until `signal` aborts; resolves with the bound port once listening. */
export async function serveMetrics(host: string, port: number, metrics: ControllerManagerMetrics, signal: AbortSignal): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    sendScrape(res, metrics);
  });
  return listenUntilAborted(server, host, port, signal);
}
