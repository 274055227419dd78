// End to end on this machine: the API server (with the kubelet proxy), the kubelet on runc + conmon
// + CNI, images from a private registry, and the real kubectl. A pod bound by nodeName runs,
// `kubectl logs` and `kubectl exec -- hostname` work, a crashing container goes CrashLoopBackOff,
// and deleting the pods leaves no sandbox, container, netns or mount behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

const unavailable = runcUnavailable();

describe.skipIf(!!unavailable)(`kubelet on runc with kubectl${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;

  beforeAll(async () => {
    env = await startRuncEnv();
    node = await startInProcessNode(env, 'runc-1');
  }, 120_000);

  afterAll(async () => {
    await node?.stop();
    await env?.stop();
  }, 60_000);

  it('runs a pod bound by nodeName; kubectl logs and kubectl exec work', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('web', 'runc-1', {
      terminationGracePeriodSeconds: 2,
      containers: [{ name: 'app', image: env.reg.image, command: ['sh', '-c', 'echo hello from $(hostname); sleep 3600'] }],
    }) });
    const p = await eventually('web Running', async () => {
      const x = await env.getPod('web');
      return x.status?.phase === 'Running' ? x : undefined;
    }, 60_000);
    expect(p.status?.podIP).toMatch(new RegExp(`^${node.podCIDR.split('.').slice(0, 3).join('\\.')}\\.`));
    expect(p.status?.containerStatuses?.[0]?.containerID).toMatch(/^runc:\/\//);
    const logs = await eventually('logs', async () => {
      const r = await env.api.kubectl(['logs', 'web']);
      return r.code === 0 && r.stdout.includes('hello') ? r : undefined;
    });
    expect(logs.stdout).toBe('hello from web\n');
    const ex = await env.api.kubectl(['exec', 'web', '--', 'hostname']);
    expect(ex.stderr).toBe('');
    expect(ex).toMatchObject({ code: 0, stdout: 'web\n' });
    const bad = await env.api.kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('command terminated with exit code 3');
    const stdin = await env.api.kubectl(['exec', '-i', 'web', '--', 'cat'], { input: 'via stdin\n' });
    expect(stdin).toMatchObject({ code: 0, stdout: 'via stdin\n' });
  }, 90_000);

  it('puts a container that exits 1 into CrashLoopBackOff', async () => {
    await env.core.createNamespacedPod({ namespace: 'default', body: pod('crash', 'runc-1', {
      terminationGracePeriodSeconds: 2, containers: [{ name: 'app', image: env.reg.image, command: ['sh', '-c', 'echo bye; exit 1'] }],
    }) });
    const p = await eventually('CrashLoopBackOff', async () => {
      const x = await env.getPod('crash');
      return x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? x : undefined;
    }, 60_000);
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect((await env.api.kubectl(['logs', 'crash', '--previous'])).stdout).toBe('bye\n');
  }, 90_000);

  it('deletes the pods and leaves nothing behind', async () => {
    const uids = [(await env.getPod('web')).metadata!.uid!, (await env.getPod('crash')).metadata!.uid!];
    expect((await env.api.kubectl(['delete', 'pod', 'web', 'crash', '--wait=true'], { timeoutMs: 60_000 })).code).toBe(0);
    await eventually('runtime empty', async () => (await node.runtime.listPodSandbox()).length === 0 && (await node.runtime.listContainers()).length === 0, 30_000);
    const mounts = readFileSync('/proc/self/mounts', 'utf8');
    expect(mounts).not.toContain(node.dir);
    const netns = existsSync('/run/netns') ? execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }) : '';
    for (const s of uids) expect(netns).not.toContain(s);
    expect(existsSync(join(node.dir, 'pods', uids[0]!))).toBe(false);
  }, 90_000);
});
