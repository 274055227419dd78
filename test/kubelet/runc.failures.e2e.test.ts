// Issue #3 acceptance on real runc, against our API server and a kubelet on runc + conmon + CNI:
// a container exiting 1 goes CrashLoopBackOff with growing restarts; a memory hog over its limit is
// OOMKilled (137); a failing liveness probe restarts the container (Unhealthy, Killing events); a
// failing readiness probe makes the pod NotReady; a bad image gives ErrImagePull then
// ImagePullBackOff with the registry's message. Events are the kubelet's, as `kubectl describe` shows.
import type { CoreV1Event } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

const unavailable = runcUnavailable();
const reasons = (evs: CoreV1Event[]): string[] => evs.map((e) => `${e.type} ${e.reason}`);

describe.skipIf(!!unavailable)(`kubelet on runc: failures and events${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  const NODE = 'runc-fail';

  beforeAll(async () => {
    env = await startRuncEnv();
    node = await startInProcessNode(env, NODE);
  }, 120_000);

  afterAll(async () => {
    await node?.stop();
    await env?.stop();
  }, 90_000);

  it('a container that exits 1 goes to CrashLoopBackOff with growing restartCount', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('crash', NODE, {
      terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: env.reg.image, command: ['sh', '-c', 'echo bye; exit 1'] }],
    }) });
    const p = await eventually('restartCount ≥ 2 in CrashLoopBackOff', async () => {
      const x = await env.getPod('crash');
      const cs = x.status?.containerStatuses?.[0];
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount >= 2 ? x : undefined;
    }, 90_000, 250);
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs.state?.waiting?.message).toMatch(/^back-off \d+s restarting failed container=app pod=crash_default\(/);
    expect(p.status?.phase).toBe('Running');
    expect(cs.ready).toBe(false);
    const evs = await eventually('BackOff event, three starts', async () => {
      const e = await env.events('crash');
      return e.some((x) => x.reason === 'BackOff') && (e.find((x) => x.reason === 'Started')?.count ?? 0) >= 3 ? e : undefined;
    });
    const backOff = evs.find((e) => e.reason === 'BackOff')!;
    expect(backOff).toMatchObject({ type: 'Warning', source: { component: 'kubelet', host: NODE },
      involvedObject: { kind: 'Pod', name: 'crash', fieldPath: 'spec.containers{app}' } });
    expect(backOff.message).toBe(`Back-off restarting failed container app in pod crash_default(${p.metadata!.uid})`);
    expect(reasons(evs)).toEqual(expect.arrayContaining(['Normal Pulling', 'Normal Pulled', 'Normal Created', 'Normal Started']));
    expect(evs.find((e) => e.reason === 'Created')!.message).toBe('Created container: app');
    expect(evs.find((e) => e.reason === 'Started')!.message).toBe('Started container app');
    expect(evs.find((e) => e.reason === 'Started')!.count).toBeGreaterThanOrEqual(3);
    expect(evs.find((e) => e.reason === 'Pulling')!.message).toBe(`Pulling image "${env.reg.image}"`);
    expect(evs.find((e) => e.reason === 'Pulled' && e.message!.startsWith('Successfully'))!.message)
      .toMatch(new RegExp(`^Successfully pulled image "${env.reg.image.replace(/[.]/g, '\\.')}" in [\\d.]+m?s \\([\\d.]+m?s including waiting\\)\\. Image size: \\d+ bytes\\.$`));
    const describe = await env.api.kubectl(['describe', 'pod', 'crash']);
    expect(describe.stdout).toMatch(/Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container app in pod crash_default/);
    expect(describe.stdout).toMatch(/Normal\s+Started\s+.*kubelet\s+Started container app/);
  }, 120_000);

  it('a memory hog over its limit is OOMKilled with exit code 137', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('hog', NODE, {
      terminationGracePeriodSeconds: 1, restartPolicy: 'Never',
      containers: [{ name: 'hog', image: env.reg.image, command: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'],
        resources: { limits: { memory: '16Mi' } } }],
    }) });
    const p = await eventually('hog terminated', async () => {
      const x = await env.getPod('hog');
      return x.status?.containerStatuses?.[0]?.state?.terminated ? x : undefined;
    }, 60_000);
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(p.status?.phase).toBe('Failed');
  }, 90_000);

  it('a memory hog that restarts shows OOMKilled as lastState', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('hog2', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'hog', image: env.reg.image, command: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'],
        resources: { limits: { memory: '16Mi' } } }],
    }) });
    const cs = await eventually('hog2 restarted after an OOM kill', async () => {
      const c = (await env.getPod('hog2')).status?.containerStatuses?.[0];
      return c && c.restartCount >= 1 && c.lastState?.terminated ? c : undefined;
    }, 60_000);
    expect(cs.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  }, 90_000);

  it('a failing liveness probe restarts the container (Unhealthy and Killing events)', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('live', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'],
        livenessProbe: { exec: { command: ['sh', '-c', 'echo not alive; exit 1'] }, periodSeconds: 1, failureThreshold: 1 } }],
    }) });
    const first = await eventually('live Running', async () => {
      const x = await env.getPod('live');
      return x.status?.containerStatuses?.[0]?.state?.running ? x.status.containerStatuses[0] : undefined;
    }, 60_000);
    const cs = await eventually('live restarted', async () => {
      const c = (await env.getPod('live')).status?.containerStatuses?.[0];
      return c && c.restartCount >= 1 ? c : undefined;
    }, 60_000);
    expect(cs.containerID).not.toBe(first.containerID);
    expect(cs.lastState?.terminated?.exitCode).toBe(137); // sleep as PID 1 ignores SIGTERM: killed after the grace period
    const evs = await eventually('Unhealthy and Killing events', async () => {
      const e = await env.events('live');
      return e.some((x) => x.reason === 'Unhealthy') && e.some((x) => x.reason === 'Killing') ? e : undefined;
    });
    expect(evs.find((e) => e.reason === 'Unhealthy')).toMatchObject({ type: 'Warning', involvedObject: { fieldPath: 'spec.containers{app}' } });
    expect(evs.find((e) => e.reason === 'Unhealthy')!.message).toMatch(/^Liveness probe failed: .*not alive/);
    expect(evs.find((e) => e.reason === 'Killing')!.message).toBe('Container app failed liveness probe, will be restarted');
  }, 120_000);

  it('a failing readiness probe makes the pod NotReady', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('unready', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: env.reg.image, command: ['sleep', '3600'],
        readinessProbe: { exec: { command: ['test', '-e', '/tmp/ready'] }, periodSeconds: 1 } }],
    }) });
    const p = await eventually('unready Running with probe results', async () => {
      const x = await env.getPod('unready');
      return x.status?.phase === 'Running' && (await env.events('unready')).some((e) => e.reason === 'Unhealthy') ? x : undefined;
    }, 60_000);
    const cond = (t: string): string | undefined => p.status?.conditions?.find((c) => c.type === t)?.status;
    expect(cond('Ready')).toBe('False');
    expect(cond('ContainersReady')).toBe('False');
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('ContainersNotReady');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    // Make it pass: the pod turns Ready (the same probe flips the condition, proving it is the cause).
    expect((await env.api.kubectl(['exec', 'unready', '--', 'touch', '/tmp/ready'])).code).toBe(0);
    await eventually('unready becomes Ready', async () =>
      (await env.getPod('unready')).status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True', 30_000);
  }, 90_000);

  it('a bad image gives ErrImagePull, then ImagePullBackOff, with the registry message', async () => {
    const bad = `${env.reg.registry}/test/nope:1`;
    const w = await env.watchWaiting('badimg');
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('badimg', NODE, {
      terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: bad }],
    }) });
    await eventually('ErrImagePull then ImagePullBackOff', async () => w.seen.has('ErrImagePull') && w.seen.has('ImagePullBackOff'), 60_000);
    w.stop();
    const errMessage = w.seen.get('ErrImagePull') ?? '';
    expect(errMessage).toContain(bad);
    expect(errMessage).toMatch(/manifest unknown|not found/i);
    const evs = await env.events('badimg');
    const failed = evs.filter((e) => e.reason === 'Failed').map((e) => e.message);
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed.some((m) => m?.startsWith(`Failed to pull image "${bad}": `))).toBe(true);
    expect(evs.some((e) => e.reason === 'BackOff' && e.message === `Back-off pulling image "${bad}"`)).toBe(true);
  }, 90_000);
});
