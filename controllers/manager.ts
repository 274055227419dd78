// The controller-manager: one shared informer factory and client set for all controllers, the
// enabled controllers started together, optionally behind Lease leader election. `run()` works
// in-process (tests pass a KubeConfig for their API server and abort the signal to stop it).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { KubeConfig } from '@kubernetes/client-node';
import { LeaderElector, Recorder, clientNodeLeaseClient, collectQueues, realClock, type Clock, type EventRecorder } from '../apimachinery/controller/index.js';
import { loadKubeConfig } from '../apimachinery/client.js';
import { newLogger, type Logger } from '../apimachinery/log.js';
import { DeploymentController } from './deployment/index.js';
import { EndpointsController } from './endpoints/index.js';
import { EndpointSliceController } from './endpointslice/index.js';
import { GarbageCollector } from './garbagecollector/index.js';
import { NamespaceController } from './namespace/index.js';
import { NodeIpamController } from './nodeipam/index.js';
import { NodeLifecycleController } from './nodelifecycle/index.js';
import { ControllerManagerMetrics, serveMetrics } from './metrics.js';
import { enabledControllers, type ControllerManagerOptions, type ControllerName } from './options.js';
import { ReplicaSetController } from './replicaset/index.js';
import {
  SharedInformerFactory,
  clientNodeClients,
  eventSink,
  type Clients,
  type ControllerContext,
  type InformerFactory,
} from './runtime/index.js';
import { ServiceAccountController } from './serviceaccount/index.js';
import { RootCACertPublisher } from './rootcacert/index.js';
import { CSRApprovingController, CSRSigningController, clientNodeCSRApi, csrInformer } from './certificates/index.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

interface Runnable {
  run(signal: AbortSignal): Promise<void>;
}

/** Builds the enabled controllers over a context (informer handlers are registered here). */
export function buildControllers(ctx: ControllerContext, opts: ControllerManagerOptions): Map<ControllerName, Runnable> {
  const on = enabledControllers(opts.controllers);
  const c = opts.concurrency;
  const out = new Map<ControllerName, Runnable>();
  const add = (name: ControllerName, make: () => Runnable): void => {
    if (on.has(name)) out.set(name, make());
  };
  add('replicaset', () => new ReplicaSetController(ctx, { workers: c.replicaset }));
  add('deployment', () => new DeploymentController(ctx, { workers: c.deployment }));
  add('endpoints', () => new EndpointsController(ctx, { workers: c.endpoints }));
  add('endpointslice', () => new EndpointSliceController(ctx, { workers: c.endpointslice }));
  add('garbagecollector', () => new GarbageCollector(ctx, { workers: c.garbagecollector }));
  add('namespace', () => new NamespaceController(ctx, { workers: c.namespace }));
  add('serviceaccount', () => new ServiceAccountController(ctx, { workers: c.serviceaccount }));
  if (opts.allocateNodeCidrs) {
    add('nodeipam', () => new NodeIpamController(ctx, { clusterCidr: opts.clusterCidr, nodeCidrMaskSize: opts.nodeCidrMaskSize }));
  }
  add('nodelifecycle', () => new NodeLifecycleController(ctx, { gracePeriodMs: opts.nodeMonitorGracePeriodMs, defaultTolerationSeconds: opts.defaultTolerationSeconds }));
  const rootCaFile = opts.rootCaFile;
  if (rootCaFile) add('root-ca-cert-publisher', () => new RootCACertPublisher(ctx, { caPem: readFileSync(rootCaFile, 'utf8') }));
  return out;
}

/** csrsigning / csrapproving over one CSR informer (run with them); none when both are off. */
function buildCertificateControllers(kc: KubeConfig, opts: ControllerManagerOptions, logger: Logger): Runnable[] {
  const on = enabledControllers(opts.controllers);
  const { clusterSigningCertFile: certFile, clusterSigningKeyFile: keyFile } = opts;
  const signing = on.has('csrsigning') && certFile !== undefined && keyFile !== undefined;
  if (!signing && !on.has('csrapproving')) return [];
  const informer = csrInformer(kc, logger);
  const api = clientNodeCSRApi(kc);
  const out: Runnable[] = [{ run: (signal) => informer.run(signal) }];
  if (signing) {
    const ca = async () => ({ certPem: await readFile(certFile, 'utf8'), keyPem: await readFile(keyFile, 'utf8') });
    out.push(new CSRSigningController(informer, api, logger, { ca, maxDurationMs: opts.clusterSigningDurationMs }));
  }
  if (on.has('csrapproving')) out.push(new CSRApprovingController(informer, api, logger));
  return out;
}

/** A context whose recorders write Events through `clients`. */
export function makeContext(informers: InformerFactory, clients: Clients, logger: Logger, clock: Clock = realClock): ControllerContext & { flushEvents(): Promise<void> } {
  const recorders = new Map<string, Recorder>();
  return {
    informers,
    clients,
    logger,
    clock,
    recorder(component: string): EventRecorder {
      let r = recorders.get(component);
      if (!r) {
        // No source.host: kubectl describe shows controller events "From" the component alone.
        r = new Recorder({ component, sink: eventSink(clients), logger: logger.child({ component: `${component}-events` }), clock });
        recorders.set(component, r);
      }
      return r;
    },
    async flushEvents() {
      await Promise.all([...recorders.values()].map((r) => r.flush()));
    },
  };
}

/** Starts informers and the enabled controllers; resolves once `signal` aborts and all stopped. */
async function runControllers(kc: KubeConfig, opts: ControllerManagerOptions, logger: Logger, metrics: ControllerManagerMetrics, signal: AbortSignal): Promise<void> {
  setMaxListeners(0, signal); // every informer and worker listens for the stop
  const clients = clientNodeClients(kc);
  const informers = new SharedInformerFactory(kc, logger);
  const ctx = makeContext(informers, clients, logger);
  const { result: { controllers, certificates }, queues } = collectQueues(() => ({
    controllers: buildControllers(ctx, opts),
    certificates: buildCertificateControllers(kc, opts, logger),
  }));
  metrics.setQueues(queues);
  logger.info({ controllers: [...controllers.keys()], certificates: certificates.length > 1 }, 'starting controllers');
  informers.start(signal);
  await Promise.all([...controllers.values(), ...certificates].map((c) => c.run(signal)));
  await informers.stopped();
  await ctx.flushEvents();
}

/** kube-controller-manager's entry point. Rejects when leadership is lost (the process should exit). */
export async function run(opts: ControllerManagerOptions, signal: AbortSignal): Promise<void> {
  const logger = opts.logger ?? newLogger({ component: 'kube-controller-manager', level: opts.logLevel });
  const kc = opts.kubeConfig ?? loadKubeConfig({ kubeconfig: opts.kubeconfig, server: opts.master, userAgent: 'kube-controller-manager' });
  const metrics = new ControllerManagerMetrics({ processMetrics: true });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let served: Promise<void> | undefined;
  try {
    if (opts.securePort) {
      const s = await serveMetrics(opts.bindAddress ?? '127.0.0.1', opts.securePort, metrics, stop.signal);
      served = s.closed;
      logger.info({ port: s.port }, 'serving metrics');
      opts.onListening?.(s.port);
    }
    await runManager(kc, opts, logger, metrics, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
    await served;
  }
}

async function runManager(kc: KubeConfig, opts: ControllerManagerOptions, logger: Logger, metrics: ControllerManagerMetrics, signal: AbortSignal): Promise<void> {
  if (!opts.leaderElect) {
    await runControllers(kc, opts, logger, metrics, signal);
    return;
  }
  const le = opts.leaderElection;
  const elector = new LeaderElector({
    namespace: le.resourceNamespace,
    name: le.resourceName,
    identity: le.identity ?? `${hostname()}_${randomUUID()}`,
    client: clientNodeLeaseClient(kc),
    logger,
    leaseDurationMs: le.leaseDurationMs,
    renewDeadlineMs: le.renewDeadlineMs,
    retryPeriodMs: le.retryPeriodMs,
  });
  metrics.setLeader(le.resourceName, () => elector.isLeader());
  const outcome = await elector.run(signal, (leading) => runControllers(kc, opts, logger, metrics, leading));
  if (outcome === 'lost') throw new Error('leader election lost');
}
