// A joined node's processes: kubelet + kube-proxy, supervised like `k8ts up`'s (cluster/supervisor.ts),
// with every piece of state under the node's own $K8TS_HOME (kubelet root dir → runc root, CNI
// cache + IPAM dir, image store), so several nodes on one machine (each in its own network
// namespace) never collide. The settings `k8ts join` chose are saved in run/node.json.
import { existsSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { newLogger } from '../../apimachinery/log.js';
import { NodeRoutes, kubeletFlags } from '../../kubelet/index.js';
import { cleanupNode } from '../common/cleanup.js';
import { entry, type ClusterPaths } from '../common/paths.js';
import { Supervisor, type ComponentSpec } from '../common/supervisor.js';

export interface JoinedNodeConfig {
  nodeName: string;
  nodeIP: string;
  /** The node's kubeconfig (system:node:<name> client certificate). */
  kubeconfig: string;
  runtime: 'runc' | 'fake';
  clusterCIDR: string;
  clusterDNS: string;
  /** The network namespace `k8ts join` ran in (see currentNetns), so `k8ts down` cleans up only there. */
  netns?: string;
  /** The kubelet's serving certificate and key, and the CA its clients (the API server) present. */
  tls?: { certFile: string; keyFile: string; clientCAFile: string };
}

export const nodeConfigPath = (paths: ClusterPaths): string => join(paths.run, 'node.json');

export function saveNodeConfig(paths: ClusterPaths, cfg: JoinedNodeConfig): void {
  writeFileSync(nodeConfigPath(paths), JSON.stringify(cfg, null, 2));
}

export function loadNodeConfig(paths: ClusterPaths): JoinedNodeConfig | undefined {
  const p = nodeConfigPath(paths);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as JoinedNodeConfig) : undefined;
}

/** Whether this checkout's kubelet takes --tls-cert-file (serving HTTPS with our cert), by its flag definitions. */
export function kubeletTakesTLSFlags(flags: Record<string, unknown> = kubeletFlags): boolean {
  return ['tls-cert-file', 'tls-private-key-file', 'client-ca-file'].every((f) => f in flags);
}

export function nodeComponentSpecs(paths: ClusterPaths, cfg: JoinedNodeConfig): ComponentSpec[] {
  const node = process.execPath;
  const kubeletArgs = [entry('kubelet'), '--kubeconfig', cfg.kubeconfig, '--node-name', cfg.nodeName, '--node-ip', cfg.nodeIP,
    '--root-dir', join(paths.home, 'kubelet'), '--cluster-dns', cfg.clusterDNS, '--runtime', cfg.runtime,
    // The host name label is the node's name (several nodes may share one host name on one machine).
    '--node-labels', `kubernetes.io/hostname=${cfg.nodeName}`];
  if (cfg.tls && kubeletTakesTLSFlags()) {
    kubeletArgs.push('--tls-cert-file', cfg.tls.certFile, '--tls-private-key-file', cfg.tls.keyFile, '--client-ca-file', cfg.tls.clientCAFile);
  }
  const specs: ComponentSpec[] = [{ name: 'kubelet', command: node, args: kubeletArgs }];
  if (cfg.runtime === 'runc') {
    // kube-proxy runs with the node's credential; only the server's kube-proxy runs the service LB.
    specs.push({ name: 'kube-proxy', command: node, args: [entry('kube-proxy'), '--kubeconfig', cfg.kubeconfig, '--hostname-override', cfg.nodeName,
      '--cluster-cidr', cfg.clusterCIDR, '--service-lb', 'false', '--healthz-bind-address', `${cfg.nodeIP}:10256`] });
  }
  return specs;
}

/** The `supervise-node` process body: runs the node's components until SIGTERM. */
export async function superviseNode(paths: ClusterPaths): Promise<number> {
  const cfg = loadNodeConfig(paths);
  if (!cfg) {
    process.stderr.write(`k8ts: ${nodeConfigPath(paths)} is missing: run k8ts join first\n`);
    return 1;
  }
  const log = newLogger({ component: 'k8ts-node-supervisor' });
  const sup = new Supervisor(paths.logs, paths.state, log);
  const specs = nodeComponentSpecs(paths, cfg);
  const ac = new AbortController();
  let resolveStop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (resolveStop = r));
  const onSignal = (): void => {
    ac.abort();
    // The pods' netns bind mounts exist only in this mount namespace when the node runs under
    // `ip netns exec`: their clean-up (CNI DEL, netns, cgroups) must happen here, not in `k8ts down`.
    void sup.stop(specs.map((s) => s.name))
      .then(() => cleanupNode(paths.home, log))
      .then(() => new NodeRoutes({ log }).cleanup())
      .catch((err: unknown) => log.warn({ err: String(err) }, 'node clean-up failed'))
      .then(resolveStop);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await sup.start(specs, ac.signal).catch((e: unknown) => {
    if (!ac.signal.aborted) {
      log.error({ err: e }, 'start failed');
      onSignal();
    }
  });
  await stopped;
  return 0;
}

/** Resolves when Node `name` reports Ready=True (read with the node's own credential). */
export async function waitOwnNodeReady(kc: KubeConfig, name: string, signal: AbortSignal): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  let last = 'not registered yet';
  for (;;) {
    if (signal.aborted) throw new Error(`node ${name} did not become Ready in time (${last})`);
    try {
      const n = await core.readNode({ name });
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True') return;
      last = ready ? `Ready=${ready.status}: ${ready.message ?? ''}` : 'no Ready condition yet';
    } catch (e) {
      last = (e as { code?: number }).code === 404 ? 'not registered yet' : String((e as Error).message ?? e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** This process's network namespace ("net:[4026531840]"), to tell whether a command runs where the node runs. */
export function currentNetns(): string {
  try {
    return readlinkSync('/proc/self/ns/net');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/**
 * `k8ts down` for a joined node: its supervisor stops the components and cleans up inside the
 * node's namespaces. Only when no supervisor was running does this process clean up itself, and
 * only from the node's own network namespace (else it would remove another node's bridge and rules).
 */
export async function downNode(paths: ClusterPaths, cfg: JoinedNodeConfig): Promise<number> {
  const pid = existsSync(paths.supervisorPid) ? Number(readFileSync(paths.supervisorPid, 'utf8')) : 0;
  const running = pid > 0 && alive(pid);
  if (running) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(paths.supervisorPid, { force: true });
  if (!running) {
    if (cfg.netns && cfg.netns !== currentNetns()) {
      process.stderr.write(`k8ts: node ${cfg.nodeName} ran in network namespace ${cfg.netns}, not this one (${currentNetns()}): run k8ts down there (e.g. ip netns exec NS k8ts down) to clean up\n`);
      return 1;
    }
    await cleanupNode(paths.home, newLogger({ component: 'k8ts-down', destination: openSync(join(paths.logs, 'down.log'), 'a') }));
    await new NodeRoutes({ log: newLogger({ component: 'k8ts-down', level: 'warn' }) }).cleanup();
  }
  process.stdout.write(running ? 'k8ts: stopped\n' : 'k8ts: not running\n');
  return 0;
}
