// End to end on this machine: the API server (with the kubelet proxy), the kubelet on runc + conmon
// + CNI, images from a private registry, and the real kubectl. A pod bound by nodeName runs,
// `kubectl logs` and `kubectl exec -- hostname` work, a crashing container goes CrashLoopBackOff,
// and deleting the pods leaves no sandbox, container, netns or mount behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { ImageManager } from '../../kubelet/images/index.js';
import { run, type RunningKubelet } from '../../kubelet/index.js';
import { RuncRuntime } from '../../kubelet/runtime/runc/index.js';
import { runcVersion } from '../../kubelet/runtimes.js';
import { etcdAvailable, startEnvtest, type TestApiServer } from '../envtest.js';
import { startTestRegistry, testRegistryUnavailable, type TestRegistry } from '../images.js';
import { eventually, pod, testOptions } from './helpers.js';

function why(): string | undefined {
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
const unavailable = why();

describe.skipIf(!!unavailable)(`kubelet on runc with kubectl${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let reg: TestRegistry;
  let api: TestApiServer;
  let core: CoreV1Api;
  let dir: string;
  let k: RunningKubelet;
  let rt: RuncRuntime;
  const ac = new AbortController();
  const octet = 100 + Math.floor(Math.random() * 50);
  const bridge = `k8tk${process.pid % 100000}`;
  const getPod = (name: string): Promise<V1Pod> => core.readNamespacedPod({ name, namespace: 'default' });

  beforeAll(async () => {
    reg = await startTestRegistry();
    api = await startEnvtest();
    core = api.kubeConfig().makeApiClient(CoreV1Api);
    dir = mkdtempSync(join(tmpdir(), 'k8ts-kubelet-runc-'));
    const log = silentLogger();
    const images = new ImageManager({ root: join(dir, 'images'), log });
    await images.init();
    const podCIDR = `10.244.${octet}.0/24`;
    rt = await RuncRuntime.create({ root: join(dir, 'runtime'), log, images, network: { podCIDR, bridge, networkName: `k8tk-${process.pid}` } });
    k = await run(testOptions({ nodeName: 'runc-1', rootDir: dir, runtime: 'runc', podCIDR, plegPeriodMs: 300 }), ac.signal,
      { log, kubeConfig: api.kubeConfig(), runtime: { name: 'runc', runtime: rt, images, version: `runc://${await runcVersion()}` } });
  }, 120_000);

  afterAll(async () => {
    ac.abort();
    await k?.done;
    for (const s of (await rt?.listPodSandbox()) ?? []) await rt.removePodSandbox(s.id).catch(() => undefined);
    await api?.stop();
    await reg?.stop();
    if (existsSync(`/sys/class/net/${bridge}`)) execFileSync('ip', ['link', 'delete', bridge]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs a pod bound by nodeName; kubectl logs and kubectl exec work', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'runc-1', {
      terminationGracePeriodSeconds: 2,
      containers: [{ name: 'app', image: reg.image, command: ['sh', '-c', 'echo hello from $(hostname); sleep 3600'] }],
    }) });
    const p = await eventually('web Running', async () => {
      const x = await getPod('web');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 60_000);
    expect(p.status?.podIP).toMatch(new RegExp(`^10\\.244\\.${octet}\\.`));
    expect(p.status?.containerStatuses?.[0]?.containerID).toMatch(/^runc:\/\//);
    const logs = await eventually('logs', async () => {
      const r = await api.kubectl(['logs', 'web']);
      return r.code === 0 && r.stdout.includes('hello') ? r : undefined;
    });
    expect(logs.stdout).toBe('hello from web\n');
    const ex = await api.kubectl(['exec', 'web', '--', 'hostname']);
    expect(ex.stderr).toBe('');
    expect(ex).toMatchObject({ code: 0, stdout: 'web\n' });
    const bad = await api.kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('command terminated with exit code 3');
    const stdin = await api.kubectl(['exec', '-i', 'web', '--', 'cat'], { input: 'via stdin\n' });
    expect(stdin).toMatchObject({ code: 0, stdout: 'via stdin\n' });
  }, 90_000);

  it('puts a container that exits 1 into CrashLoopBackOff', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('crash', 'runc-1', {
      terminationGracePeriodSeconds: 2, containers: [{ name: 'app', image: reg.image, command: ['sh', '-c', 'echo bye; exit 1'] }],
    }) });
    const p = await eventually('CrashLoopBackOff', async () => {
      const x = await getPod('crash');
      return x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? x : undefined;
    }, 60_000);
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect((await api.kubectl(['logs', 'crash', '--previous'])).stdout).toBe('bye\n');
  }, 90_000);

  it('deletes the pods and leaves nothing behind', async () => {
    const uids = [(await getPod('web')).metadata!.uid!, (await getPod('crash')).metadata!.uid!];
    expect((await api.kubectl(['delete', 'pod', 'web', 'crash', '--wait=true'], { timeoutMs: 60_000 })).code).toBe(0);
    await eventually('runtime empty', async () => (await rt.listPodSandbox()).length === 0 && (await rt.listContainers()).length === 0, 30_000);
    const mounts = readFileSync('/proc/self/mounts', 'utf8');
    expect(mounts).not.toContain(dir);
    const netns = existsSync('/run/netns') ? execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }) : '';
    for (const s of uids) expect(netns).not.toContain(s);
    expect(existsSync(join(dir, 'pods', uids[0]!))).toBe(false);
  }, 90_000);
});
