// Issue #3 acceptance on real runc, with the kubelet as its own process (dist/kubelet/main.js):
// deleting a pod stops it within its grace period (SIGTERM first, SIGKILL at the end) and leaves no
// mount, cgroup, netns, veth, IP allocation or iptables/nft rule behind (listed before and after);
// SIGKILLing and restarting the kubelet restarts no running container (same containerID,
// restartCount 0, same process start time) and removes the containers of pods deleted meanwhile.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podLabelKeys } from '../../kubelet/pods/index.js';
import { eventually, pod } from './helpers.js';
import { KubeletProcess, kubeletMain, runcUnavailable, snapshotHost, startRuncEnv, type RuncEnv } from './runcenv.js';

const unavailable = runcUnavailable() ?? (existsSync(kubeletMain) ? undefined : `${kubeletMain} is not built (npm run build)`);

/** Field 22 of /proc/<pid>/stat: the process start time in clock ticks since boot. */
function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe.skipIf(!!unavailable)(`kubelet process on runc: deletion and restarts${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let kp: KubeletProcess;
  let hostDir: string;
  const NODE = 'runc-proc';
  const running = async (name: string): Promise<V1Pod> => eventually(`${name} Running`, async () => {
    const x = await env.getPod(name);
    return x.status?.phase === 'Running' && x.status.containerStatuses?.every((c) => c.state?.running) ? x : undefined;
  }, 60_000);
  const sandboxOf = async (uid: string): Promise<string> =>
    (await kp.node.runtime.listPodSandbox({ labelSelector: { [podLabelKeys.POD_UID]: uid } }))[0]!.id;

  beforeAll(async () => {
    env = await startRuncEnv();
    kp = await KubeletProcess.create(env, NODE);
    await kp.start(env.core);
    hostDir = mkdtempSync(join(tmpdir(), 'k8ts-graceful-'));
  }, 120_000);

  afterAll(async () => {
    await kp?.node.stop();
    await env?.stop();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  }, 90_000);

  it('deleting a pod stops it within its grace period and leaves nothing behind', async () => {
    const before = snapshotHost(kp.node, []);
    await env.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg' }, data: { a: '1' } } });
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('graceful', NODE, {
      terminationGracePeriodSeconds: 5,
      volumes: [{ name: 'out', hostPath: { path: hostDir } }, { name: 'mem', emptyDir: { medium: 'Memory' } },
        { name: 'cfg', configMap: { name: 'cfg' } }],
      containers: [
        { name: 'polite', image: env.reg.image, ports: [{ containerPort: 80, hostPort: 30000 + (process.pid % 2000) }],
          command: ['sh', '-c', 'trap "echo TERM > /out/polite; exit 0" TERM; while :; do sleep 1 & wait $!; done'],
          volumeMounts: [{ name: 'out', mountPath: '/out' }, { name: 'mem', mountPath: '/mem' }, { name: 'cfg', mountPath: '/cfg' }] },
        { name: 'stubborn', image: env.reg.image, command: ['sleep', '3600'] },
      ],
    }) });
    const p = await running('graceful');
    const uid = p.metadata!.uid!;
    const sid = await sandboxOf(uid);
    const during = snapshotHost(kp.node, [uid, sid]);
    // The checker sees every kind of resource while the pod runs.
    expect(during.mounts.length).toBeGreaterThan(before.mounts.length);
    expect(during.cgroups.length).toBeGreaterThan(0);
    expect(during.netns).toEqual([`k8ts-${sid}`]);
    expect(during.veths.length).toBe(before.veths.length + 1);
    expect(during.ipam).toEqual([...before.ipam, p.status!.podIP!].sort());
    expect(during.iptables.some((l) => l.includes(sid))).toBe(true);
    expect(during.iptables.length).toBeGreaterThan(before.iptables.length);

    const del = await env.api.kubectl(['delete', 'pod', 'graceful', '--wait=true'], { timeoutMs: 60_000 });
    expect(del.code).toBe(0);
    expect(readFileSync(join(hostDir, 'polite'), 'utf8')).toBe('TERM\n'); // SIGTERM came first
    await eventually('runtime empty', async () =>
      (await kp.node.runtime.listPodSandbox()).length === 0 && (await kp.node.runtime.listContainers()).length === 0, 30_000);
    await eventually('host as before', async () => JSON.stringify(snapshotHost(kp.node, [uid, sid])) === JSON.stringify(before) || undefined, 20_000)
      .catch(() => undefined);
    expect(snapshotHost(kp.node, [uid, sid])).toEqual(before);
    expect(existsSync(join(kp.node.dir, 'pods', uid))).toBe(false);
  }, 120_000);

  it('SIGKILL and restart of the kubelet restarts no running container and cleans up pods deleted meanwhile', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('steady', NODE, {
      terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'] }] }) });
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('doomed', NODE, {
      terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'] }] }) });
    const steady = await running('steady');
    const doomed = await running('doomed');
    const cs = steady.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(0);
    const id = cs.containerID!.replace('runc://', '');
    const pid = (await kp.node.runtime.containerStatus(id)).pid!;
    const started = startTime(pid);

    await kp.kill();
    expect((await env.api.kubectl(['delete', 'pod', 'doomed', '--grace-period=0', '--force'])).code).toBe(0);
    await kp.start(env.core);
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('after', NODE, {
      terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'] }] }) });
    await running('after');
    await eventually('doomed removed from the node', async () =>
      (await kp.node.runtime.listPodSandbox({ labelSelector: { [podLabelKeys.POD_UID]: doomed.metadata!.uid! } })).length === 0, 30_000);

    const again = (await env.getPod('steady')).status!.containerStatuses![0]!;
    expect(again).toMatchObject({ containerID: cs.containerID, restartCount: 0, ready: true });
    expect(again.state?.running).toBeDefined();
    const st = await kp.node.runtime.containerStatus(id);
    expect(st).toMatchObject({ state: 'CONTAINER_RUNNING', pid });
    expect(startTime(pid)).toBe(started);
    expect((await kp.node.runtime.listContainers({ labelSelector: { [podLabelKeys.POD_UID]: steady.metadata!.uid! } })).length).toBe(1);
  }, 180_000);
});
