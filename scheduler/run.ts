// The scheduler process, importable: build the pieces from options, start the HTTP endpoint and the
// informers, then schedule — behind leader election when enabled — until `signal` aborts. A test can
// call run() in-process with a KubeConfig pointing at a test API server.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { loadKubeConfig } from '../apimachinery/client.js';
import { LeaderElector, LeadershipLostError, clientNodeLeaseClient } from '../apimachinery/controller/index.js';
import { newLogger, type Logger } from '../apimachinery/log.js';
import { listenUntilAborted, type Listening } from '../apimachinery/metrics/index.js';
import { SchedulerCache } from './cache/cache.js';
import { ApiActions } from './client/api-actions.js';
import { EventHandlers } from './client/handlers.js';
import { SchedulerInformers } from './client/informers.js';
import { parseConfigYaml, resolveConfig, type LeaderElectionConfig, type SchedulerConfig } from './config.js';
import { PodScheduler } from './core/schedule-pod.js';
import { Scheduler } from './core/scheduler.js';
import { EXPLAIN_ANNOTATION } from './explain/compact.js';
import { ExplainStore } from './explain/store.js';
import { Framework } from './framework/framework.js';
import type { FilterRunner, Handle } from './framework/types.js';
import { newRegistry } from './plugins/registry.js';
import { PodNominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/queue.js';
import { buildServer } from './server/http.js';
import { SchedulerMetrics } from './server/metrics.js';

export interface SchedulerOptions {
  /** --kubeconfig */
  kubeconfig?: string;
  /** --master: API server URL (overrides the kubeconfig's server). */
  master?: string;
  /** A ready KubeConfig (in-process tests); wins over kubeconfig/master. */
  kubeConfig?: KubeConfig;
  /** --scheduler-name: name of the default profile when the config doesn't name one. */
  schedulerName?: string;
  /** --leader-elect; undefined keeps the config's value (default true). */
  leaderElect?: boolean;
  /** --config: path to a KubeSchedulerConfiguration YAML. */
  config?: string;
  /** An already parsed configuration (tests). */
  configObject?: unknown;
  /** --bind-address (default 0.0.0.0). */
  bindAddress?: string;
  /** --secure-port (default 10259; 0 disables the endpoint). */
  securePort?: number;
  /** Leader-election timings/lock overrides (tests use short ones). */
  leaderElection?: Partial<LeaderElectionConfig>;
  /**
   * Give the lease up when `signal` aborts so a standby takes over at once (default true). False
   * behaves like a killed process: the standby waits for the lease to expire.
   */
  releaseOnCancel?: boolean;
  /** Holder identity for the lease (default hostname_uuid). */
  identity?: string;
  logger?: Logger;
  explainCapacity?: number;
  /** Binds in flight at once before the loop waits (default 64). */
  maxInFlightBinds?: number;
  /** Called with the HTTP port once listening. */
  onListening?: (port: number) => void;
}

async function loadConfig(o: SchedulerOptions): Promise<SchedulerConfig> {
  const name = o.schedulerName ?? 'default-scheduler';
  if (o.configObject !== undefined) return resolveConfig(o.configObject, name);
  if (o.config) return parseConfigYaml(await readFile(o.config, 'utf8'), name);
  return resolveConfig(undefined, name);
}

export interface SchedulerParts {
  config: SchedulerConfig;
  cache: SchedulerCache;
  queue: SchedulingQueue;
  nominator: PodNominator;
  handlers: EventHandlers;
  explain: ExplainStore;
  frameworks: Map<string, Framework>;
  scheduler: Scheduler;
  actions: ApiActions;
}

/** Wires the in-memory parts around one set of API actions. */
export interface AssembleOptions {
  explainCapacity?: number;
  maxInFlightBinds?: number;
  /** See SchedulerDeps.explainSuccesses (benchmarks turn it off to measure its cost). */
  explainSuccesses?: boolean;
  /** Where attempts and pending pods are counted (none by default). */
  metrics?: SchedulerMetrics;
}

export function assemble(config: SchedulerConfig, kc: KubeConfig, identity: string, logger: Logger, opts: AssembleOptions = {}): SchedulerParts {
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue({ ignoredAnnotations: [EXPLAIN_ANNOTATION] });
  const nominator = new PodNominator();
  const frameworks = new Map<string, Framework>();
  const handlers = new EventHandlers({ cache, queue, nominator, isOurs: (p: V1Pod) => frameworks.has(p.spec?.schedulerName || 'default-scheduler') });
  const actions = new ApiActions(kc, { schedulerName: config.profiles[0]!.schedulerName, identity, logger });
  const registry = newRegistry();
  for (const profile of config.profiles) {
    let fw: Framework | undefined;
    const handle: Handle = {
      logger: logger.child({ profile: profile.schedulerName }),
      schedulerName: profile.schedulerName,
      actions,
      nominator,
      namespaces: handlers,
      filters: (): FilterRunner => fw!,
      now: Date.now,
    };
    fw = new Framework(profile, registry, handle);
    frameworks.set(profile.schedulerName, fw);
  }
  const explain = new ExplainStore(opts.explainCapacity ?? 1000);
  const algorithm = new PodScheduler({ percentageOfNodesToScore: config.percentageOfNodesToScore, nominator });
  const metrics = opts.metrics;
  const scheduler = new Scheduler({ cache, queue, frameworks, algorithm, nominator, actions, writer: actions, explain, logger, maxInFlightBinds: opts.maxInFlightBinds, explainSuccesses: opts.explainSuccesses, metrics });
  metrics?.setPendingPods(() => {
    const s = queue.stats();
    return { active: s.active, backoff: s.backoff, unschedulable: s.unschedulable, gated: s.gated };
  });
  return { config, cache, queue, nominator, handlers, explain, frameworks, scheduler, actions };
}

export async function run(options: SchedulerOptions, signal: AbortSignal): Promise<void> {
  const logger = options.logger ?? newLogger({ component: 'scheduler' });
  const config = await loadConfig(options);
  const le: LeaderElectionConfig = { ...config.leaderElection, ...(options.leaderElection ?? {}) };
  if (options.leaderElect !== undefined) le.leaderElect = options.leaderElect;
  const kc = options.kubeConfig ?? loadKubeConfig({ kubeconfig: options.kubeconfig, server: options.master, userAgent: 'k8ts-scheduler' });
  const identity = options.identity ?? `${hostname()}_${randomUUID()}`;
  const metrics = new SchedulerMetrics({ processMetrics: true });
  const parts = assemble(config, kc, identity, logger, { explainCapacity: options.explainCapacity, maxInFlightBinds: options.maxInFlightBinds, metrics });
  const informers = new SchedulerInformers(kc, parts.handlers, logger);
  const elector = le.leaderElect
    ? new LeaderElector({
        namespace: le.resourceNamespace,
        name: le.resourceName,
        client: clientNodeLeaseClient(kc),
        identity,
        logger,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        releaseOnCancel: options.releaseOnCancel ?? true,
      })
    : undefined;

  const port = options.securePort ?? 10259;
  const server = buildServer({ explain: parts.explain, metrics, healthy: () => informers.synced(), leading: () => elector?.isLeader() ?? true });
  // The endpoint stops with the scheduler, whatever ends it (the signal, a lost lease, an error).
  const serving = new AbortController();
  const stopServing = (): void => serving.abort();
  signal.addEventListener('abort', stopServing, { once: true });
  let listening: Listening | undefined;
  try {
    if (port > 0) {
      listening = await listenUntilAborted(server, options.bindAddress ?? '0.0.0.0', port, serving.signal);
      logger.info({ port: listening.port }, 'serving healthz, metrics and explanations');
      options.onListening?.(listening.port);
    }
    if (!(await informers.start(signal))) return;
    logger.info({ profiles: [...parts.frameworks.keys()], leaderElect: le.leaderElect }, 'informers synced; starting scheduler');
    if (!elector) await parts.scheduler.run(signal);
    else if ((await elector.run(signal, (leaderSignal) => parts.scheduler.run(leaderSignal))) === 'lost') throw new LeadershipLostError(`${le.resourceNamespace}/${le.resourceName}`);
  } finally {
    parts.queue.close();
    await informers.stop();
    signal.removeEventListener('abort', stopServing);
    serving.abort();
    await listening?.closed;
    logger.info('scheduler stopped');
  }
}
