// Integration: envtest (real etcd + our API server) with the kubelet on the fake runtime: node
// registration and Ready, lease renewal, a pod bound by nodeName going Running with an IP, status
// written only on change, graceful deletion finished by the kubelet, and a restart adopting pods.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { run, type RunningKubelet } from '../../kubelet/index.js';
import { FakeImageService, FakeRuntime } from '../../kubelet/runtime/fake/index.js';
import { etcdAvailable, etcdSkipReason, startEnvtest, type TestApiServer } from '../envtest.js';
import { eventually, pod, testOptions } from './helpers.js';

describe.skipIf(!etcdAvailable)(`kubelet on the fake runtime${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let core: CoreV1Api;
  let coord: CoordinationV1Api;
  let dir: string;
  let ac: AbortController;
  let k: RunningKubelet;
  const runtime = new FakeRuntime({ podCIDR: '10.250.0.0/24' });
  const nodeRuntime = { name: 'fake' as const, runtime, images: new FakeImageService(), version: 'fake://0.1.0' };
  const start = async (): Promise<RunningKubelet> => {
    ac = new AbortController();
    return run(testOptions({ nodeName: 'fake-1', rootDir: dir, podCIDR: '10.250.0.0/24' }), ac.signal,
      { log: silentLogger(), kubeConfig: env.kubeConfig(), runtime: nodeRuntime });
  };
  const getPod = (name: string): Promise<V1Pod> => core.readNamespacedPod({ name, namespace: 'default' });

  beforeAll(async () => {
    env = await startEnvtest();
    core = env.kubeConfig().makeApiClient(CoreV1Api);
    coord = env.kubeConfig().makeApiClient(CoordinationV1Api);
    dir = mkdtempSync(join(tmpdir(), 'k8ts-kubelet-'));
    k = await start();
  }, 60_000);

  afterAll(async () => {
    ac?.abort();
    await k?.done;
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers a Ready node with capacity, labels, addresses and node info', async () => {
    const node = await core.readNode({ name: 'fake-1' });
    expect(node.metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': expect.any(String), 'kubernetes.io/os': 'linux' });
    expect(Object.keys(node.status?.capacity ?? {})).toEqual(expect.arrayContaining(['cpu', 'memory', 'pods', 'ephemeral-storage']));
    expect(node.status?.capacity?.pods).toBe('110');
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(node.status?.conditions?.map((c) => c.type).sort()).toEqual(['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
    expect(node.status?.addresses).toEqual(expect.arrayContaining([{ type: 'InternalIP', address: '127.0.0.1' }]));
    expect(node.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.4-k8ts', containerRuntimeVersion: 'fake://0.1.0' });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(k.port);
  });

  it('holds and renews a Lease in kube-node-lease', async () => {
    const first = await coord.readNamespacedLease({ name: 'fake-1', namespace: 'kube-node-lease' });
    expect(first.spec).toMatchObject({ holderIdentity: 'fake-1', leaseDurationSeconds: 40 });
    const t0 = new Date(first.spec!.renewTime!).getTime();
    await eventually('lease renewal', async () => {
      const l = await coord.readNamespacedLease({ name: 'fake-1', namespace: 'kube-node-lease' });
      return new Date(l.spec!.renewTime!).getTime() > t0;
    }, 10_000);
  });

  it('runs a pod bound by nodeName: Running, IP from the pod CIDR, conditions and container status', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('web', 'fake-1') });
    const p = await eventually('pod Running', async () => {
      const x = await getPod('web');
      return x.status?.phase === 'Running' && x.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? x : undefined;
    });
    expect(p.status?.podIP).toMatch(/^10\.250\.0\.\d+$/);
    expect(p.status?.hostIP).toBe('127.0.0.1');
    expect(p.status?.qosClass).toBe('BestEffort');
    expect(p.status?.startTime).toBeDefined();
    const types = p.status?.conditions?.map((c) => c.type).sort();
    expect(types).toEqual(['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready']);
    const cs = p.status?.containerStatuses?.[0];
    expect(cs).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'busybox:1' });
    expect(cs?.containerID).toMatch(/^fake:\/\//);
    expect(cs?.state?.running?.startedAt).toBeDefined();
    // /metrics on the running kubelet: the pod and its container counted, its start observed once.
    const body = await eventually('pod start observed', async () => {
      const m = await (await fetch(`http://127.0.0.1:${k.port}/metrics`)).text();
      return m.includes('kubelet_pod_start_duration_seconds_count 1') ? m : undefined;
    });
    expect(body).toContain('kubelet_running_pods 1');
    expect(body).toContain('kubelet_running_containers{container_state="running"} 1');
    expect(body).toContain('process_cpu_seconds_total');
  });

  it('does not rewrite an unchanged status', async () => {
    const mgr = k.managers.get('fake-1')!;
    // Let writes from earlier tests' changes (readiness, conditions) land first: the status must then
    // stay quiet for 1 s. A kubelet that rewrote unchanged status would never get quiet.
    let last = -1;
    await eventually('status writes to settle', async () => {
      const now = mgr.status.writes;
      const settled = now === last;
      last = now;
      return settled;
    }, 10_000, 1000);
    const before = mgr.status.writes;
    const rv = (await getPod('web')).metadata?.resourceVersion;
    for (const p of mgr.list()) mgr.workers.update(p.metadata!.uid!);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mgr.status.writes).toBe(before);
    expect((await getPod('web')).metadata?.resourceVersion).toBe(rv);
  });

  it('restarts a crashed container and reports restartCount and lastState', async () => {
    const uid = (await getPod('web')).metadata!.uid!;
    const [c] = await runtime.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uid } });
    runtime.exitContainer(c!.id, 1);
    const p = await eventually('restart', async () => {
      const x = await getPod('web');
      const s = x.status?.containerStatuses?.[0];
      return s?.restartCount === 1 && s.state?.running ? x : undefined;
    });
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('adopts running containers after a kubelet restart and restarts nothing', async () => {
    const before = (await runtime.listContainers({ state: 'CONTAINER_RUNNING' })).map((c) => c.id).sort();
    ac.abort();
    await k.done;
    k = await start();
    await new Promise((r) => setTimeout(r, 1000));
    const after = (await runtime.listContainers({ state: 'CONTAINER_RUNNING' })).map((c) => c.id).sort();
    expect(after).toEqual(before);
    expect((await getPod('web')).status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });

  it('cleans up sandboxes of pods that are no longer bound to it after a restart', async () => {
    const orphan = await runtime.runPodSandbox({ metadata: { name: 'ghost', namespace: 'default', uid: 'ghost-uid' },
      labels: { 'io.kubernetes.pod.uid': 'ghost-uid', 'io.kubernetes.pod.name': 'ghost', 'io.kubernetes.pod.namespace': 'default' } });
    ac.abort();
    await k.done;
    k = await start();
    await eventually('orphan removed', async () => (await runtime.listPodSandbox({ id: orphan })).length === 0);
  });

  it('finishes a graceful delete: containers stopped, pod deleted with grace 0, runtime cleaned', async () => {
    const uid = (await getPod('web')).metadata!.uid!;
    await core.deleteNamespacedPod({ name: 'web', namespace: 'default' });
    await eventually('pod gone', async () => {
      try {
        await getPod('web');
        return false;
      } catch {
        return true;
      }
    });
    await eventually('runtime cleaned', async () =>
      (await runtime.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': uid } })).length === 0
      && (await runtime.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uid } })).length === 0);
  });
});
