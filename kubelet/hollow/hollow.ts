// Hollow nodes: N kubelets in one process on the fake runtime, for testing the scheduler and
// controllers at 1000+ nodes. They share one pod informer (routing pods by spec.nodeName) and one
// timer for leases and node status; each node has only its Node, Lease, FakeRuntime and PodManager.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { KubeConfig, V1Pod, V1Taint } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { podInformer, type KubeletApi } from '../api/index.js';
import { errorMessage } from '../host/index.js';
import { NodeAgent, hollowHostFacts, nodeResources, runNodeTicker, type NodeParams } from '../node/index.js';
import { PodManager } from '../pods/index.js';
import { FakeImageService, FakeRuntime } from '../runtime/fake/index.js';
import { nthSubnet24 } from './cidr.js';

export const DEFAULT_HOLLOW_CIDR = '10.64.0.0/10';
const CONCURRENCY = 16;

/** What hollow nodes take from the kubelet's options (KubeletOptions has them all). */
export interface HollowOptions {
  /** Node i is named <nodeName>-<i>. */
  nodeName: string;
  /** How many hollow nodes to run. */
  hollowNodes: number;
  nodeIP: string;
  rootDir: string;
  /** The range the nodes' /24 pod CIDRs are cut from (default 10.64.0.0/10). */
  podCIDR?: string;
  maxPods: number;
  registerWithTaints: V1Taint[];
  nodeLabels: Record<string, string>;
  port: number;
  clusterDNS: string[];
  clusterDomain: string;
  capacity: Record<string, string>;
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  leaseDurationSeconds: number;
}

/** The running hollow nodes (the kubelet's run() returns this as its RunningKubelet). */
export interface RunningHollowNodes {
  nodes: string[];
  /** The pod managers by node name (tests look inside). */
  managers: Map<string, PodManager>;
  /** Resolves when every node has stopped after `signal` aborted. */
  done: Promise<void>;
}

export interface HollowDeps {
  log: Logger;
  kc: KubeConfig;
  api: KubeletApi;
}

export interface HollowNode {
  name: string;
  agent: NodeAgent;
  pods: PodManager;
  runtime: FakeRuntime;
}

async function eachLimited<T>(items: T[], n: number, f: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

/** Builds (does not start) hollow node i. */
export function hollowNode(opts: HollowOptions, i: number, deps: HollowDeps): HollowNode {
  const name = `${opts.nodeName}-${i}`;
  const facts = hollowHostFacts();
  const podCIDR = nthSubnet24(opts.podCIDR ?? DEFAULT_HOLLOW_CIDR, i);
  const params: NodeParams = {
    nodeName: name, nodeIP: opts.nodeIP, hostname: name, labels: { ...opts.nodeLabels, 'kubernetes.io/hostname': name },
    taints: opts.registerWithTaints, maxPods: opts.maxPods, capacityOverrides: opts.capacity, kubeletPort: opts.port,
    runtimeVersion: 'fake://0.1.0',
  };
  const log = deps.log.child({ node: name });
  const agent = new NodeAgent({ params, api: deps.api, log, facts: () => facts, health: () => ({}),
    leaseDurationSeconds: opts.leaseDurationSeconds, statusReportFrequencyMs: opts.nodeStatusReportFrequencyMs });
  const runtime = new FakeRuntime({ podCIDR });
  const allocatable = nodeResources(facts, opts.maxPods, opts.capacity).allocatable;
  const pods = new PodManager({
    nodeName: name, hostIP: opts.nodeIP, runtimeName: 'fake', runtime, images: new FakeImageService(), api: deps.api, log,
    podsDir: join(opts.rootDir, 'hollow', name), logsDir: join(opts.rootDir, 'hollow', name, 'logs'),
    dns: { servers: opts.clusterDNS, domain: opts.clusterDomain }, materialize: false, nodeAllocatable: () => allocatable,
    now: Date.now, plegPeriodMs: 0, resyncMs: 5 * 60_000, housekeepingMs: 5 * 60_000,
  });
  return { name, agent, pods, runtime };
}

/** Runs opts.hollowNodes hollow kubelets; returns once all are registered and the informer synced. */
export async function runHollow(opts: HollowOptions, signal: AbortSignal, deps: HollowDeps): Promise<RunningHollowNodes> {
  const log = deps.log;
  const nodes = Array.from({ length: opts.hollowNodes }, (_, i) => hollowNode(opts, i, deps));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  await eachLimited(nodes, CONCURRENCY, async (n) => {
    await n.agent.register();
    await n.agent.syncStatus(true);
  });
  log.info({ count: nodes.length }, 'hollow nodes registered');

  const stop = new AbortController();
  setMaxListeners(nodes.length + 16, stop.signal); // one listener per node's PodManager
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  if (signal.aborted) stop.abort();
  const route = (p: V1Pod): HollowNode | undefined => byName.get(p.spec?.nodeName ?? '');
  const informer = podInformer(deps.kc, log);
  informer.addEventHandler({
    onAdd: (p: V1Pod) => route(p)?.pods.upsert(p),
    onUpdate: (_o, p: V1Pod) => route(p)?.pods.upsert(p),
    onDelete: (p: V1Pod) => route(p)?.pods.remove(p),
  });
  const informerDone = informer.run(stop.signal);
  const podsDone = Promise.all(nodes.map((n) => n.pods.run(stop.signal)));
  await informer.waitForSync(stop.signal);
  for (const n of nodes) await n.pods.markReady().catch((err: unknown) => log.warn({ node: n.name, err: errorMessage(err) }, 'housekeeping failed'));
  await eachLimited(nodes, CONCURRENCY, (n) => n.agent.tick());
  const tickerDone = runNodeTicker(() => nodes.map((n) => n.agent), opts.nodeStatusUpdateFrequencyMs, CONCURRENCY, stop.signal);
  const done = (async () => {
    await Promise.all([informerDone, podsDone, tickerDone]);
    log.info('hollow nodes stopped');
  })();
  return { nodes: nodes.map((n) => n.name), managers: new Map(nodes.map((n) => [n.name, n.pods])), done };
}
