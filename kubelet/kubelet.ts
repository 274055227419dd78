// run(): the kubelet process body for one node. Registers the Node, picks the pod CIDR (flag, else
// Node.spec.podCIDR), starts the runtime, the pod informer (spec.nodeName=<node>) and workers, the
// kubelet server, node status and lease; returns once the node is registered and reporting.
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { loadKubeConfig } from '../apimachinery/client.js';
import { newLogger, type Logger } from '../apimachinery/log.js';
import { clientNodeApi, kubeletRecorder, podInformer, type KubeletApi } from './api/index.js';
import { runHollow } from './hollow/index.js';
import { ContainerLogManager } from './logs/index.js';
import { NodeAgent, measureHost, nodeResources, runNodeTicker, type HostFacts, type NodeParams } from './node/index.js';
import type { KubeletOptions } from './options.js';
import { PodManager } from './pods/index.js';
import { createRuntime, type NodeRuntime } from './runtimes.js';
import { KubeletMetrics, KubeletServer, serverSecurity } from './server/index.js';

export interface RunningKubelet {
  /** Names of the nodes this process runs (one, or N hollow ones). */
  nodes: string[];
  /** The kubelet server's port (single node only). */
  port?: number;
  /** The pod managers by node name (tests look inside). */
  managers: Map<string, PodManager>;
  /** Resolves when everything has stopped after `signal` aborted. */
  done: Promise<void>;
}

/** Things tests (or the launcher) may supply instead of building them from options. */
export interface KubeletDeps {
  log?: Logger;
  kubeConfig?: KubeConfig;
  api?: KubeletApi;
  /** A runtime to use (e.g. one FakeRuntime shared across kubelet restarts in a test). */
  runtime?: NodeRuntime;
  facts?: () => Promise<HostFacts>;
}

const DEFAULT_FAKE_CIDR = '10.88.0.0/16';

async function waitPodCIDR(agent: NodeAgent, signal: AbortSignal, log: Logger): Promise<string> {
  for (let i = 0; ; i++) {
    const cidr = agent.current?.spec?.podCIDR;
    if (cidr) return cidr;
    if (signal.aborted) throw new Error('aborted while waiting for Node.spec.podCIDR');
    if (i % 30 === 0) log.info('waiting for Node.spec.podCIDR (give --pod-cidr or run the node IPAM controller)');
    await new Promise((r) => setTimeout(r, 1000));
    await agent.refresh().catch(() => undefined);
  }
}

export async function run(opts: KubeletOptions, signal: AbortSignal, deps: KubeletDeps = {}): Promise<RunningKubelet> {
  const log = deps.log ?? newLogger({ component: 'kubelet', level: opts.logLevel });
  const kc = deps.kubeConfig ?? loadKubeConfig({ kubeconfig: opts.kubeconfig, server: opts.server });
  const api = deps.api ?? clientNodeApi(kc);
  if (opts.hollowNodes > 0) return runHollow(opts, signal, { log, kc, api });

  await mkdir(opts.rootDir, { recursive: true });
  const facts = deps.facts ?? (() => measureHost(opts.rootDir));
  const params: NodeParams = {
    nodeName: opts.nodeName, nodeIP: opts.nodeIP, hostname: hostname().toLowerCase(), labels: opts.nodeLabels,
    taints: opts.registerWithTaints, podCIDR: opts.podCIDR, maxPods: opts.maxPods, capacityOverrides: opts.capacity,
    kubeletPort: opts.port, runtimeVersion: deps.runtime?.version ?? (opts.runtime === 'fake' ? 'fake://0.1.0' : 'runc://'),
  };
  const health = { runtimeProblem: 'container runtime is starting' as string | undefined };
  const agent = new NodeAgent({ params, api, log, facts, health: () => health, leaseDurationSeconds: opts.leaseDurationSeconds,
    statusReportFrequencyMs: opts.nodeStatusReportFrequencyMs });
  await agent.register();

  const podCIDR = opts.podCIDR ?? agent.current?.spec?.podCIDR ?? (opts.runtime === 'fake' ? DEFAULT_FAKE_CIDR : await waitPodCIDR(agent, signal, log));
  const nr = deps.runtime ?? await createRuntime(opts.runtime, { rootDir: opts.rootDir, podCIDR, log,
    bridge: opts.cniBridge, networkName: opts.cniNetworkName });
  params.runtimeVersion = nr.version;
  let allocatable = nodeResources(await facts(), opts.maxPods, opts.capacity).allocatable;
  const metrics = new KubeletMetrics(nr.runtime, { processMetrics: true });
  const pods = new PodManager({
    nodeName: opts.nodeName, hostIP: opts.nodeIP, runtimeName: nr.name, runtime: nr.runtime, images: nr.images, api,
    log: log.child({ part: 'pods' }), podsDir: join(opts.rootDir, 'pods'), logsDir: join(opts.rootDir, 'logs'),
    dns: { servers: opts.clusterDNS, domain: opts.clusterDomain }, materialize: true,
    nodeAllocatable: () => allocatable, now: Date.now, plegPeriodMs: opts.plegPeriodMs,
    recorder: kubeletRecorder(api, opts.nodeName, log.child({ part: 'events' })),
    onPodStarted: (seconds) => metrics.podStarted(seconds),
  });

  const informer = podInformer(kc, log, opts.nodeName);
  informer.addEventHandler({ onAdd: (p: V1Pod) => pods.upsert(p), onUpdate: (_o, p: V1Pod) => pods.upsert(p), onDelete: (p: V1Pod) => pods.remove(p) });
  const stop = new AbortController();
  const stopAll = (): void => stop.abort();
  signal.addEventListener('abort', stopAll, { once: true });
  const informerDone = informer.run(stop.signal);
  const podsDone = pods.run(stop.signal);
  const logsDone = new ContainerLogManager({ runtime: nr.runtime, log: log.child({ part: 'logs' }), maxSize: opts.containerLogMaxSize,
    maxFiles: opts.containerLogMaxFiles, intervalMs: opts.containerLogMonitorIntervalMs }).run(stop.signal);
  await informer.waitForSync(stop.signal);
  await pods.markReady();

  const server = new KubeletServer({ address: opts.address, port: opts.port, pods, runtime: nr.runtime, log: log.child({ part: 'server' }), metrics,
    ...(await serverSecurity(opts, kc, log.child({ part: 'server' }))) });
  const port = await server.listen();
  params.kubeletPort = port;
  health.runtimeProblem = undefined;
  await agent.syncStatus(true);
  await agent.renewLease();
  const tickerDone = runNodeTicker(() => {
    void facts().then((f) => { allocatable = nodeResources(f, opts.maxPods, opts.capacity).allocatable; }, () => undefined);
    return [agent];
  }, opts.nodeStatusUpdateFrequencyMs, 1, stop.signal);
  log.info({ node: opts.nodeName, port, podCIDR, runtime: nr.version }, 'kubelet running');

  const done = (async () => {
    await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
    await Promise.all([informerDone, podsDone, tickerDone, logsDone]);
    await server.close();
    log.info({ node: opts.nodeName }, 'kubelet stopped');
  })();
  return { nodes: [opts.nodeName], port, managers: new Map([[opts.nodeName, pods]]), done };
}
