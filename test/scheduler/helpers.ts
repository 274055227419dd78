// Shared pieces of the scheduler's integration tests: a real etcd + API server (envtest), groups of
// hollow nodes with their own labels/taints/capacity, the scheduler run in-process, pod builders and
// polling helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type CoreV1Event, type V1Pod } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { defaultKubeletOptions, run as runKubelet, type RunningKubelet, type Taint } from '../../kubelet/index.js';
import { run as runScheduler, type SchedulerOptions } from '../../scheduler/index.js';
import { startEnvtest, type TestApiServer } from '../envtest.js';
import { eventually as poll } from '../eventually.js';

export { etcdAvailable, etcdSkipReason } from '../envtest.js';

export interface NodeGroup {
  /** Node name prefix: nodes are `<prefix>-0`, `<prefix>-1`, … */
  prefix: string;
  count: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Capacity overrides, e.g. {cpu: '2', memory: '4Gi'}. */
  capacity?: Record<string, string>;
  maxPods?: number;
}

export interface Cluster {
  env: TestApiServer;
  core: CoreV1Api;
  /** Starts a group of hollow nodes; resolves once all are registered. */
  addNodes(g: NodeGroup): Promise<RunningKubelet>;
  /** Starts a scheduler in-process (no HTTP port, no leader election unless asked); returns its stopper. */
  startScheduler(o?: Partial<SchedulerOptions>): { stop: () => Promise<void>; done: Promise<void> };
  stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const env = await startEnvtest();
  const core = env.kubeConfig().makeApiClient(CoreV1Api);
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-sched-it-'));
  const stoppers: Array<() => Promise<void>> = [];
  let cidr = 0;
  return {
    env,
    core,
    async addNodes(g) {
      const ac = new AbortController();
      const k = await runKubelet({
        ...defaultKubeletOptions, nodeName: g.prefix, rootDir: join(dir, g.prefix), runtime: 'fake', hollowNodes: g.count,
        port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', logLevel: 'warn', plegPeriodMs: 200, nodeStatusUpdateFrequencyMs: 10_000,
        nodeLabels: g.labels ?? {}, registerWithTaints: g.taints ?? [], capacity: { cpu: '4', memory: '8Gi', ...(g.capacity ?? {}) },
        maxPods: g.maxPods ?? 110, podCIDR: `10.${100 + cidr++}.0.0/16`,
      }, ac.signal, { log: silentLogger(), kubeConfig: env.kubeConfig() });
      stoppers.push(async () => { ac.abort(); await k.done; });
      return k;
    },
    startScheduler(o = {}) {
      const ac = new AbortController();
      const done = runScheduler({ kubeConfig: env.kubeConfig(), leaderElect: false, securePort: 0, logger: silentLogger(), ...o }, ac.signal);
      const stop = async (): Promise<void> => { ac.abort(); await done.catch(() => undefined); };
      stoppers.push(stop);
      return { stop, done };
    },
    async stop() {
      for (const s of stoppers.reverse()) await s().catch(() => undefined);
      await env.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type PodSpec = Partial<NonNullable<V1Pod['spec']>>;

/** A pod with one container requesting `cpu`/`memory` (when given) and the rest of `spec`. */
export function pod(name: string, o: { namespace?: string; labels?: Record<string, string>; cpu?: string; memory?: string; spec?: PodSpec } = {}): V1Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? {} },
    spec: { containers: [{ name: 'app', image: 'busybox:1', resources: { requests } }], terminationGracePeriodSeconds: 0, ...(o.spec ?? {}) },
  };
}

/** Polls `f` until it returns something other than undefined/false; throws after `ms`. */
export function eventually<T>(what: string, f: () => Promise<T | undefined | false>, ms = 15_000, stepMs = 50): Promise<T> {
  return poll(what, f, ms, stepMs);
}

/** Creates the pods and waits until every one is bound; returns name → node. */
export async function createAndWaitBound(core: CoreV1Api, pods: V1Pod[], ms = 15_000): Promise<Map<string, string>> {
  for (const p of pods) await core.createNamespacedPod({ namespace: p.metadata!.namespace!, body: p });
  const ns = pods[0]!.metadata!.namespace!;
  const names = new Set(pods.map((p) => p.metadata!.name!));
  return eventually(`${names.size} pods bound in ${ns}`, async () => {
    const items = (await core.listNamespacedPod({ namespace: ns })).items.filter((p) => names.has(p.metadata!.name!));
    if (items.length !== names.size || items.some((p) => !p.spec?.nodeName)) return undefined;
    return new Map(items.map((p) => [p.metadata!.name!, p.spec!.nodeName!]));
  }, ms);
}

export async function createNamespace(core: CoreV1Api, name: string, labels: Record<string, string> = {}): Promise<void> {
  await core.createNamespace({ body: { metadata: { name, labels } } });
}

/** Events whose involvedObject is the named pod. */
export async function podEvents(core: CoreV1Api, namespace: string, name: string): Promise<CoreV1Event[]> {
  return (await core.listNamespacedEvent({ namespace })).items.filter((e) => e.involvedObject?.name === name);
}

/** Count of values per key, e.g. pods per node or per zone. */
export function countBy<T>(xs: Iterable<T>, key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}
