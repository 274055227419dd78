// End to end on this machine: `kubectl debug` (the real kubectl 1.32) through our API server to the
// kubelet on runc. Node debugging: kubectl creates a pod bound to the node with hostNetwork, hostPID,
// hostIPC and the host's / at /host; the pod must run in the host's namespaces. Needs root, etcd,
// runc + conmon + CNI, kubectl and the test image tools.
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../envtest.js';
import type { TestRegistry } from '../images.js';
import { eventually } from './helpers.js';
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
});
