// `k8ts up` end to end, secure by default: a fresh K8TS_HOME on free ports → the real kubectl with
// the generated kubeconfig sees a Ready node over TLS (no insecure-skip-tls-verify), anonymous
// requests get 401, each component has its own identity; SIGKILLed scheduler and controller-manager
// are restarted by the supervisor and a Deployment still converges; `k8ts down` leaves no process,
// netns, k8ts link or nft table behind. runc node as root (busybox loaded with `k8ts image load`),
// the fake runtime otherwise.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockHostCluster } from './hostlock.js';
import { parse } from 'yaml';
import { loadConfig, type ClusterConfig } from '../../cluster/common/config.js';
import { realNodeMissing } from '../../cluster/common/host.js';
import { clusterPaths, entry } from '../../cluster/common/paths.js';
import { clusterProcesses, recordedPids } from '../../cluster/procs.js';
import { etcdAvailable, kubectlAvailable, kubectlPath } from '../envtest.js';
import { eventually } from '../eventually.js';
import { buildBusyboxLayout, testRegistryUnavailable } from '../images.js';

const execFileP = promisify(execFile);
const missing = !etcdAvailable ? 'no etcd binary' : !kubectlAvailable ? 'the real kubectl is not on the PATH' : !existsSync(entry('cluster')) ? 'dist/ is not built (npm test builds it)' : undefined;
const runc = realNodeMissing() === undefined;
// Real pods need an image: busybox from the host's busybox-static, loaded into the node's store.
const imageMissing = runc ? testRegistryUnavailable() : undefined;

function k8ts(home: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [entry('cluster'), ...args], { env: { ...process.env, K8TS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** What the node may leave in the kernel: named netns, k8ts links, our nft table. */
async function kernelState(): Promise<{ netns: string[]; links: string[]; nft: string[] }> {
  const netns = existsSync('/run/netns') ? readdirSync('/run/netns') : [];
  const links = (await execFileP('ip', ['-o', 'link', 'show']).catch(() => ({ stdout: '' }))).stdout.split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0] ?? '').filter((n) => n.startsWith('k8ts'));
  const nft = runc ? (await execFileP('nft', ['list', 'tables']).catch(() => ({ stdout: '' }))).stdout.split('\n').filter((l) => l.includes('k8ts')) : [];
  return { netns, links, nft };
}

/** Directories named `name` below `root`. */
function findDirs(root: string, name: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory() && e.name === name).map((e) => join(e.parentPath, e.name));
}

function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

describe.skipIf(!!missing)(`k8ts up, secure by default${missing ? ` (skipped: ${missing})` : runc ? ' (runc node)' : ' (fake runtime: not root or runc missing)'}`, () => {
  const home = mkdtempSync(join(tmpdir(), 'k8ts-secure-'));
  const paths = clusterPaths(home);
  let cfg: ClusterConfig;
  let before: Awaited<ReturnType<typeof kernelState>>;
  const kubectl = async (args: string[], kubeconfig = paths.kubeconfig): Promise<string> => (await execFileP(kubectlPath!, ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 })).stdout;

  let unlock: (() => void) | undefined;
  beforeAll(async () => {
    // Only one test file at a time runs a node on the host (k8ts0, k8ts-proxy are machine-wide).
    unlock = await lockHostCluster();
    before = await kernelState();
    if (runc && !imageMissing) {
      const layout = await buildBusyboxLayout(join(home, 'img'));
      await execFileP('skopeo', ['copy', '-q', `oci:${layout}:1`, `docker-archive:${join(home, 'bb.tar')}:library/busybox:local`]);
      const load = await k8ts(home, ['image', 'load', join(home, 'bb.tar')]);
      expect(load.code, load.out).toBe(0);
    }
    const up = await k8ts(home, ['up', '--free-ports', ...(runc ? [] : ['--fake-runtime'])]);
    expect(up.code, up.out).toBe(0);
    expect(up.out).toContain(`export KUBECONFIG=${paths.kubeconfig}`);
    cfg = loadConfig(paths)!;
  }, 1_200_000); // includes waiting for another host-cluster test file

  afterAll(async () => {
    try {
      // Whatever a failed test left: stop it all.
      await k8ts(home, ['down']);
      rmSync(home, { recursive: true, force: true });
    } finally {
      unlock?.();
    }
  }, 120_000);

  it('runs secure: the kubeconfig has the CA data and no insecure-skip-tls-verify', () => {
    expect(cfg.secure).toBe(true);
    const text = readFileSync(paths.kubeconfig, 'utf8');
    expect(text).not.toContain('insecure-skip-tls-verify');
    const kc = parse(text) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
    expect(kc.clusters[0]?.cluster.server).toBe(`https://127.0.0.1:${cfg.apiPort}`);
    expect(Buffer.from(kc.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString()).toBe(readFileSync(join(home, 'pki', 'ca.crt'), 'utf8'));
    expect(kc.users[0]?.user['client-certificate-data']).toBeTruthy();
  });

  it('the real kubectl gets a Ready node over TLS', async () => {
    const out = await kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
    expect(out.trim()).toBe(`${cfg.nodeName}=True`);
  });

  it('k8ts status shows the API server ready over TLS and every component with a pid', async () => {
    const st = await k8ts(home, ['status']);
    expect(st.code, st.out).toBe(0);
    expect(st.out).toContain(`api server  https://127.0.0.1:${cfg.apiPort} ready (TLS, Node,RBAC)`);
    for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']) expect(st.out).toMatch(new RegExp(`${name}\\s+pid \\d+`));
  });

  it('a second k8ts up finds the running cluster and keeps its configuration', async () => {
    const again = await k8ts(home, ['up', '--free-ports']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('Ready');
    expect(loadConfig(paths)).toEqual(cfg);
  });

  it('answers anonymous requests with 401 except the health endpoints', async () => {
    const ca = readFileSync(join(home, 'pki', 'ca.crt'), 'utf8');
    expect(await httpsStatus(`https://127.0.0.1:${cfg.apiPort}/api`, ca)).toBe(401);
    expect(await httpsStatus(`https://127.0.0.1:${cfg.apiPort}/api/v1/namespaces/default/pods`, ca)).toBe(401);
    expect(await httpsStatus(`https://127.0.0.1:${cfg.apiPort}/readyz`, ca)).toBe(200);
  });

  it.each([
    ['kubeconfig', 'kubernetes-admin'],
    ['controller-manager.kubeconfig', 'system:kube-controller-manager'],
    ['scheduler.kubeconfig', 'system:kube-scheduler'],
    ['kube-proxy.kubeconfig', 'system:kube-proxy'],
  ])('%s authenticates as %s', async (file, user) => {
    const out = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], join(home, file));
    expect(out).toBe(user);
  });

  it('the kubelet is system:node:<name> and may not read other nodes\' secrets', async () => {
    const kc = join(home, `kubelet-${cfg.nodeName}.kubeconfig`);
    expect(await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], kc)).toBe(`system:node:${cfg.nodeName}`);
    expect((await kubectl(['auth', 'can-i', 'list', 'secrets', '-A'], kc).catch((e: { stdout: string }) => e.stdout)).trim()).toMatch(/^no\b/);
  });

  it('publishes the cluster CA as kube-root-ca.crt', async () => {
    const ca = readFileSync(join(home, 'pki', 'ca.crt'), 'utf8');
    const cm = await eventually('kube-root-ca.crt in default', async () => (await kubectl(['get', 'configmap', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}']).catch(() => '')) || undefined, 60_000);
    expect(cm.trim()).toBe(ca.trim());
  });

  it('restarts a SIGKILLed scheduler and controller-manager; a Deployment still converges', async () => {
    const pidOf = (name: string): number | undefined => recordedPids(paths).components.find((c) => c.name === name)?.pid;
    const old = { scheduler: pidOf('kube-scheduler')!, cm: pidOf('kube-controller-manager')! };
    process.kill(old.scheduler, 'SIGKILL');
    process.kill(old.cm, 'SIGKILL');
    await eventually('both restarted', async () => {
      const s = pidOf('kube-scheduler');
      const c = pidOf('kube-controller-manager');
      return s !== undefined && c !== undefined && s !== old.scheduler && c !== old.cm;
    }, 120_000, 200);
    const image = runc && !imageMissing ? 'busybox:local' : 'registry.invalid/pause:1';
    await kubectl(['create', 'deployment', 'after-kill', `--image=${image}`, '--replicas=2', '--', 'sleep', '3600']);
    if (runc && !imageMissing) await kubectl(['patch', 'deployment', 'after-kill', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"busybox","imagePullPolicy":"IfNotPresent"}]}}}}']);
    if (!runc || !imageMissing) {
      // Pods run (fake runtime, or runc with the loaded image): the rollout completes.
      const out = await kubectl(['rollout', 'status', 'deployment/after-kill', '--timeout=180s']);
      expect(out).toContain('successfully rolled out');
    } else {
      // No image to run with runc here: the control plane's part still converges (pods created and bound).
      await eventually('2 pods bound to the node', async () => {
        const out = await kubectl(['get', 'pods', '-l', 'app=after-kill', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}']);
        const nodes = out.trim().split('\n').filter(Boolean);
        return nodes.length === 2 && nodes.every((n) => n === cfg.nodeName);
      }, 180_000, 500);
    }
  }, 400_000);

  it.skipIf(!runc || !!imageMissing)(`kubectl logs reaches the kubelet over TLS${!runc || imageMissing ? ' (skipped: needs the runc node with the busybox image)' : ''}`, async () => {
    await kubectl(['run', 'logger', '--image=busybox:local', '--image-pull-policy=IfNotPresent', '--', 'sh', '-c', 'echo hello-from-pod; sleep 3600']);
    await kubectl(['wait', '--for=condition=Ready', 'pod/logger', '--timeout=180s']);
    expect((await kubectl(['logs', 'logger'])).trim()).toBe('hello-from-pod');
    expect(cfg.kubeletTLS).toBe(true);
  }, 240_000);

  it('k8ts down leaves no process, netns, k8ts link or nft table behind', async () => {
    const pids = clusterProcesses(paths);
    expect(pids.length).toBeGreaterThan(3);
    // Ours: our sandboxes' netns (k8ts-<sandbox id>), and the bridge and nft table if they were
    // not there before `k8ts up` (other tests on this machine make their own meanwhile).
    const during = await kernelState();
    const sandboxIds = findDirs(join(home, 'kubelet'), 'sandboxes').flatMap((d) => readdirSync(d));
    const ours = {
      netns: during.netns.filter((n) => sandboxIds.some((id) => n === `k8ts-${id}`)),
      links: during.links.filter((n) => n === 'k8ts0' && !before.links.includes(n)),
      nft: during.nft.filter((n) => n.includes('k8ts-proxy') && !before.nft.includes(n)),
    };
    if (runc && !imageMissing) {
      expect(ours.netns.length).toBeGreaterThan(0); // the pods' sandboxes
      expect(ours.links).toEqual(['k8ts0']);
    }
    const down = await k8ts(home, ['down']);
    expect(down.code, down.out).toBe(0);
    const alive = pids.filter((p) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    const after = await kernelState();
    expect(ours.netns.filter((n) => after.netns.includes(n))).toEqual([]);
    expect(ours.links.filter((n) => after.links.includes(n))).toEqual([]);
    expect(ours.nft.filter((n) => after.nft.includes(n))).toEqual([]);
  }, 120_000);
});
