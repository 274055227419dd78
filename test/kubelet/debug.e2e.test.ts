// End to end on this machine: `kubectl debug` (the real kubectl 1.32) through our API server to the
// kubelet on runc. Node debugging: kubectl creates a pod bound to the node with hostNetwork, hostPID,
// hostIPC and the host's / at /host; the pod must run in the host's namespaces. Pod debugging: an
// ephemeral container added through pods/ephemeralcontainers joins the target container's PID
// namespace, and its output comes back through `kubectl logs -c` and `kubectl debug -i`. Needs root, etcd,
// runc + conmon + CNI, kubectl and the test image tools.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CoreV1Api, V1ContainerState } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../envtest.js';
import type { TestRegistry } from '../images.js';
import { eventually, pod } from './helpers.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from './runcenv.js';

const unavailable = runcUnavailable();
const NODE = 'dbg-runc';

describe.skipIf(!!unavailable)(`kubectl debug on runc${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  let reg: TestRegistry;
  let api: TestApiServer;
  let core: CoreV1Api;

  beforeAll(async () => {
    env = await startRuncEnv();
    ({ reg, api, core } = env);
    node = await startInProcessNode(env, NODE);
  }, 180_000);

  afterAll(async () => {
    const pods = await core?.listNamespacedPod({ namespace: 'default' }).catch(() => undefined);
    for (const p of pods?.items ?? []) {
      await core.deleteNamespacedPod({ name: p.metadata!.name!, namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined);
    }
    await node?.stop();
    await env?.stop();
  }, 60_000);

  it('debugs a node: the debugger pod runs in the host network, PID and IPC namespaces with / at /host', async () => {
    const script = 'cat /host/etc/hostname; hostname; for n in net pid ipc; do readlink /proc/self/ns/$n; done';
    const r = await api.kubectl(['debug', `node/${NODE}`, '--attach=false', `--image=${reg.image}`, '--', 'sh', '-c', script],
      { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const name = /node-debugger-\S+/.exec(r.stdout + r.stderr)?.[0]?.replace(/[.]$/, '');
    expect(name, r.stdout + r.stderr).toMatch(new RegExp(`^node-debugger-${NODE}-[a-z0-9]{5}$`));
    const p = await core.readNamespacedPod({ name: name!, namespace: 'default' });
    expect(p.spec).toMatchObject({ nodeName: NODE, hostNetwork: true, hostPID: true, hostIPC: true });
    let status = '';
    await eventually(`${name} Succeeded`, async () => {
      const st = (await core.readNamespacedPod({ name: name!, namespace: 'default' })).status;
      status = JSON.stringify(st);
      return st?.phase === 'Succeeded' || st?.phase === 'Failed';
    }, 60_000);
    const logs = await api.kubectl(['logs', name!]);
    expect(status, logs.stdout).toContain('"phase":"Succeeded"');
    expect(logs.code, logs.stderr).toBe(0);
    const host = hostname();
    const ns = ['net', 'pid', 'ipc'].map((n) => readlinkSync(`/proc/self/ns/${n}`));
    expect(logs.stdout.trim().split('\n')).toEqual([host, host, ...ns]);
  }, 120_000);

  const ephemeralState = async (pod: string, name: string): Promise<V1ContainerState | undefined> =>
    (await core.readNamespacedPod({ name: pod, namespace: 'default' })).status?.ephemeralContainerStatuses?.find((c) => c.name === name)?.state;

  it('debugs a pod with an ephemeral container that sees the target container\'s processes', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('target', NODE, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'app', image: reg.image, command: ['sh', '-c', 'exec sleep 3601'] }],
    }) });
    await eventually('target Running', async () => (await env.getPod('target')).status?.phase === 'Running', 60_000);
    const r = await api.kubectl(['debug', 'target', '--attach=false', `--image=${reg.image}`, '--target=app', '-c', 'debugger',
      '--', 'sh', '-c', 'ps -o pid,args; echo "ns:$(readlink /proc/1/ns/pid)"'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const p = await env.getPod('target');
    expect(p.spec?.ephemeralContainers).toMatchObject([{ name: 'debugger', targetContainerName: 'app', image: reg.image }]);
    await eventually('debugger terminated', async () => (await ephemeralState('target', 'debugger'))?.terminated !== undefined, 60_000);
    expect((await ephemeralState('target', 'debugger'))?.terminated?.exitCode).toBe(0);
    const logs = await api.kubectl(['logs', 'target', '-c', 'debugger']);
    expect(logs.code, logs.stderr).toBe(0);
    // The target's process is PID 1 of the namespace the debugger runs in.
    expect(logs.stdout).toMatch(/^\s*1\s+sleep 3601$/m);
    // …the same namespace as the target's process on the host.
    const sleeper = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
      .find((d) => { try { return readFileSync(`/proc/${d}/cmdline`, 'utf8') === 'sleep\u00003601\u0000'; } catch { return false; } });
    expect(sleeper).toBeDefined();
    expect(logs.stdout).toContain(`ns:${readlinkSync(`/proc/${sleeper}/ns/pid`)}`);
    // The main resource cannot change ephemeral containers; the subresource cannot remove them.
    const fresh = await env.getPod('target');
    const put = await api.kubectl(['replace', '--raw', '/api/v1/namespaces/default/pods/target/ephemeralcontainers', '-f', '-'], {
      input: JSON.stringify({ ...fresh, spec: { ...fresh.spec, ephemeralContainers: [] } }) });
    expect(put.code).not.toBe(0);
    expect(put.stderr).toContain('existing ephemeral containers \"debugger\" may not be removed');
  }, 180_000);

  it('attaches to an ephemeral container with kubectl debug -i', async () => {
    await eventually('target Running', async () => (await env.getPod('target')).status?.phase === 'Running', 60_000);
    const r = await api.kubectl(['debug', 'target', '-i', `--image=${reg.image}`, '--target=app', '-c', 'reader',
      '--', 'sh', '-c', 'read x; echo "got:$x"; ps -o args | grep -c "^sleep 3601"'], { input: 'hello\n', timeoutMs: 90_000 });
    expect(r.stdout, r.stderr).toContain('got:hello\n1\n');
    await eventually('reader terminated', async () => (await ephemeralState('target', 'reader'))?.terminated !== undefined, 60_000);
  }, 180_000);
});
