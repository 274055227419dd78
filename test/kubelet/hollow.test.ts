// Hollow nodes against envtest: N fake kubelets in one process register Nodes and Leases, run pods
// bound to them (IPs from each node's /24), and finish deletions — with one shared pod informer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { run, type RunningKubelet } from '../../kubelet/index.js';
import { etcdAvailable, etcdSkipReason, startEnvtest, type TestApiServer } from '../envtest.js';
import { eventually, pod, testOptions } from './helpers.js';

const N = 20;

describe.skipIf(!etcdAvailable)(`hollow nodes${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let core: CoreV1Api;
  let dir: string;
  let k: RunningKubelet;
  const ac = new AbortController();

  beforeAll(async () => {
    env = await startEnvtest();
    core = env.kubeConfig().makeApiClient(CoreV1Api);
    dir = mkdtempSync(join(tmpdir(), 'k8ts-hollow-'));
    k = await run(testOptions({ nodeName: 'hollow', rootDir: dir, hollowNodes: N, podCIDR: '10.128.0.0/16', port: 10250 }), ac.signal,
      { log: silentLogger(), kubeConfig: env.kubeConfig() });
  }, 60_000);

  afterAll(async () => {
    ac.abort();
    await k?.done;
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers N Ready nodes with leases', async () => {
    expect(k.nodes).toEqual(Array.from({ length: N }, (_, i) => `hollow-${i}`));
    const nodes = (await core.listNode()).items.filter((n) => n.metadata?.name?.startsWith('hollow-'));
    expect(nodes).toHaveLength(N);
    for (const n of nodes) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const leases = (await env.kubeConfig().makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace: 'kube-node-lease' })).items;
    expect(leases.filter((l) => l.metadata?.name?.startsWith('hollow-'))).toHaveLength(N);
  });

  it('runs pods bound to hollow nodes with IPs from each node\'s /24 and finishes their deletion', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('h3', 'hollow-3') });
    await core.createNamespacedPod({ namespace: 'default', body: pod('h17', 'hollow-17') });
    for (const [name, prefix] of [['h3', '10.128.3.'], ['h17', '10.128.17.']] as const) {
      const p = await eventually(`${name} Running`, async () => {
        const x = await core.readNamespacedPod({ name, namespace: 'default' });
        return x.status?.phase === 'Running' ? x : undefined;
      });
      expect(p.status?.podIP?.startsWith(prefix)).toBe(true);
    }
    expect(k.managers.get('hollow-3')!.podCount).toBe(1);
    expect(k.managers.get('hollow-4')!.podCount).toBe(0);
    await core.deleteNamespacedPod({ name: 'h3', namespace: 'default' });
    await eventually('h3 gone', async () => (await core.listNamespacedPod({ namespace: 'default' })).items.every((p) => p.metadata?.name !== 'h3'));
  });
});
