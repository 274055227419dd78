// Shared set-up of the kubelet's runc e2e suites: why they skip, a private registry with the busybox
// image, envtest (etcd + API server), and a kubelet on runc + conmon + CNI with its own bridge, pod
// CIDR and root dir, in this process or as its own process (dist/kubelet/main.js, for SIGKILL tests).
// Also host snapshots (mounts, cgroups, netns, veths, IPAM files, iptables/nft rules) for leak checks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, Watch, type CoreV1Event, type V1Pod } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { entry } from '../../cluster/common/paths.js';
import { ImageManager } from '../../kubelet/images/index.js';
import { run, type KubeletOptions, type RunningKubelet } from '../../kubelet/index.js';
import { RuncRuntime } from '../../kubelet/runtime/runc/index.js';
import { runcVersion } from '../../kubelet/runtimes.js';
import { etcdAvailable, startEnvtest, type EnvtestOptions, type TestApiServer } from '../envtest.js';
import { startTestRegistry, testRegistryUnavailable, type TestRegistry } from '../images.js';
import { eventually, testOptions } from './helpers.js';

/** Why the runc e2e suites cannot run here (undefined when they can). */
export function runcUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!etcdAvailable) return 'needs etcd';
  for (const p of ['/usr/sbin/runc', '/usr/bin/conmon', '/usr/lib/cni/bridge', '/usr/lib/cni/host-local']) if (!existsSync(p)) return `${p} is missing`;
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    return 'the real kubectl is not on the PATH';
  }
  return testRegistryUnavailable();
}

export interface RuncNode {
  name: string;
  dir: string;
  podCIDR: string;
  bridge: string;
  networkName: string;
  /** The runtime over the node's state (the same files the kubelet uses). */
  runtime: RuncRuntime;
  images: ImageManager;
  stop(): Promise<void>;
}

export interface RuncEnv {
  reg: TestRegistry;
  api: TestApiServer;
  core: CoreV1Api;
  getPod(name: string): Promise<V1Pod>;
  /** Events about pod `name` (oldest first). */
  events(name: string): Promise<CoreV1Event[]>;
  /**
   * Watches pod `name` and records every waiting reason its first container shows (with the
   * message), so short-lived states (ErrImagePull before ImagePullBackOff) are not missed.
   */
  watchWaiting(name: string): Promise<{ seen: Map<string, string>; stop(): void }>;
  stop(): Promise<void>;
}

export async function startRuncEnv(opts: EnvtestOptions = {}): Promise<RuncEnv> {
  const reg = await startTestRegistry();
  const api = await startEnvtest(opts);
  const core = api.kubeConfig().makeApiClient(CoreV1Api);
  return {
    reg, api, core,
    getPod: (name) => core.readNamespacedPod({ name, namespace: 'default' }),
    events: async (name) => (await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${name}` })).items,
    watchWaiting: async (name) => {
      const seen = new Map<string, string>();
      const req = await new Watch(api.kubeConfig()).watch('/api/v1/namespaces/default/pods', { fieldSelector: `metadata.name=${name}` },
        (_type: string, p: V1Pod) => {
          const w = p.status?.containerStatuses?.[0]?.state?.waiting;
          if (w?.reason && !seen.has(w.reason)) seen.set(w.reason, w.message ?? '');
        }, () => undefined);
      return { seen, stop: () => req.abort() };
    },
    stop: async () => { await api.stop(); await reg.stop(); },
  };
}

function nodeNetwork(tag: string): { podCIDR: string; bridge: string; networkName: string; octet: number } {
  const octet = 100 + Math.floor(Math.random() * 100);
  return { octet, podCIDR: `10.244.${octet}.0/24`, bridge: `k8${tag}${process.pid % 100000}`, networkName: `k8${tag}-${process.pid}` };
}

async function cleanupNode(n: { dir: string; bridge: string; runtime: RuncRuntime }): Promise<void> {
  for (const s of await n.runtime.listPodSandbox().catch(() => [])) await n.runtime.removePodSandbox(s.id).catch(() => undefined);
  for (const c of await n.runtime.listContainers().catch(() => [])) await n.runtime.removeContainer(c.id).catch(() => undefined);
  if (existsSync(`/sys/class/net/${n.bridge}`)) execFileSync('ip', ['link', 'delete', n.bridge]);
  rmSync(n.dir, { recursive: true, force: true });
}

/** A kubelet in this process. */
export async function startInProcessNode(env: RuncEnv, name: string, extra: Partial<KubeletOptions> = {}): Promise<RuncNode & { kubelet: RunningKubelet }> {
  const dir = mkdtempSync(join(tmpdir(), `k8ts-kubelet-${name}-`));
  const net = nodeNetwork('i');
  const log = silentLogger();
  const images = new ImageManager({ root: join(dir, 'images'), log });
  await images.init();
  const runtime = await RuncRuntime.create({ root: join(dir, 'runtime'), log, images, network: { podCIDR: net.podCIDR, bridge: net.bridge, networkName: net.networkName } });
  const ac = new AbortController();
  const kubelet = await run(testOptions({ nodeName: name, rootDir: dir, runtime: 'runc', podCIDR: net.podCIDR, plegPeriodMs: 300, ...extra }), ac.signal,
    { log, kubeConfig: env.api.kubeConfig(), runtime: { name: 'runc', runtime, images, version: `runc://${await runcVersion()}` } });
  const node = { name, dir, ...net, runtime, images, kubelet };
  return { ...node, stop: async () => { ac.abort(); await kubelet.done; await cleanupNode(node); } };
}

export const kubeletMain = entry('kubelet');

/** A kubelet as its own process (dist/kubelet/main.js) that can be SIGKILLed and started again. */
export class KubeletProcess {
  child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  stderr = '';

  constructor(readonly node: RuncNode, private readonly kubeconfig: string) {}

  static async create(env: RuncEnv, name: string): Promise<KubeletProcess> {
    const dir = mkdtempSync(join(tmpdir(), `k8ts-kubelet-${name}-`));
    const net = nodeNetwork('p');
    const log = silentLogger();
    const images = new ImageManager({ root: join(dir, 'images'), log });
    await images.init();
    // An observer of the kubelet process's runtime state: no record cache.
    const runtime = await RuncRuntime.create({ root: join(dir, 'runtime'), log, images, owner: false,
      network: { podCIDR: net.podCIDR, bridge: net.bridge, networkName: net.networkName } });
    const kp: KubeletProcess = new KubeletProcess({ name, dir, ...net, runtime, images, stop: async () => {
      await kp.kill();
      await cleanupNode({ dir, bridge: net.bridge, runtime });
    } }, env.api.kubeconfigPath);
    return kp;
  }

  /** Starts the process and waits for its Node to be Ready. */
  async start(core: CoreV1Api): Promise<void> {
    const n = this.node;
    const p = spawn(process.execPath, [kubeletMain, '--kubeconfig', this.kubeconfig, '--node-name', n.name, '--root-dir', n.dir,
      '--pod-cidr', n.podCIDR, '--runtime', 'runc', '--port', '0', '--cni-bridge', n.bridge, '--cni-network-name', n.networkName,
      // A one-node test: no cross-node routes (they would add a nat chain to the host).
      '--node-routes=false', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr?.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-20_000); });
    this.child = p;
    this.exited = new Promise((r) => p.once('exit', () => r()));
    const since = Date.now();
    await eventually(`kubelet ${n.name} Ready`, async () => {
      if (p.exitCode !== null) throw new Error(`kubelet exited ${p.exitCode}: ${this.stderr}`);
      const node = await core.readNode({ name: n.name }).catch(() => undefined);
      const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
      const beat = ready?.lastHeartbeatTime ? new Date(ready.lastHeartbeatTime).getTime() : 0;
      return ready?.status === 'True' && beat >= Math.floor(since / 1000) * 1000;
    }, 60_000);
  }

  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }
}

/** What pods leave on the host: mounts, cgroup dirs, netns, veths on the bridge, IPAM files, rules. */
export interface HostSnapshot {
  mounts: string[];
  cgroups: string[];
  netns: string[];
  veths: string[];
  ipam: string[];
  iptables: string[];
  nft: string[];
}

function cgroupDirs(): string[] {
  const out: string[] = [];
  const roots = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' '))
    .filter((f) => f[2] === 'cgroup' || f[2] === 'cgroup2').map((f) => f[1]!);
  for (const r of roots) {
    const k = join(r, 'k8ts');
    if (!existsSync(k)) continue;
    for (const d of readdirSync(k)) if (statSync(join(k, d)).isDirectory()) out.push(join(k, d));
  }
  return out.sort();
}

function lines(cmd: string, args: string[]): string[] {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * This node's footprint on the host (other tests on the machine may add their own, so everything
 * is filtered to the node): mounts under its dir, veths on its bridge, its host-local IPAM files,
 * iptables/nft lines naming its network or pod CIDR, and the netns and cgroups named by `ids`
 * (pod uids, sandbox ids).
 */
export function snapshotHost(n: RuncNode, ids: string[]): HostSnapshot {
  const ipamDir = join(n.dir, 'runtime', 'cni', 'networks', n.networkName);
  const prefix = n.podCIDR.split('.').slice(0, 3).join('.') + '.';
  const mine = (l: string): boolean => l.includes(n.networkName) || l.includes(prefix) || ids.some((id) => l.includes(id));
  const named = (l: string): boolean => ids.some((id) => l.includes(id));
  return {
    mounts: readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => l.includes(n.dir)).sort(),
    cgroups: cgroupDirs().filter(named),
    netns: (existsSync('/run/netns') ? readdirSync('/run/netns') : []).filter(named).sort(),
    veths: lines('ip', ['-o', 'link', 'show', 'master', n.bridge]).map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '').sort(),
    ipam: existsSync(ipamDir) ? readdirSync(ipamDir).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)).sort() : [],
    iptables: lines('iptables-save', []).filter((l) => l.startsWith('-A') && mine(l)).sort(),
    nft: lines('nft', ['list', 'ruleset']).filter((l) => mine(l)).map((l) => l.trim()).sort(),
  };
}
