// Scheduler placement on a real API server with hollow nodes: resource fit across nodes, nodeSelector,
// required/preferred node affinity, a tainted node used only by tolerating pods, pod anti-affinity
// across topology.kubernetes.io/zone, and topology spread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBy, createAndWaitBound, createNamespace, etcdAvailable, etcdSkipReason, eventually, pod, podEvents, startCluster, type Cluster } from './helpers.js';

const ZONE = 'topology.kubernetes.io/zone';
const zoneOf = (node: string): string => node.split('-')[1]!; // zone-a-0 → a

describe.skipIf(!etcdAvailable)(`scheduler placement${etcdSkipReason}`, () => {
  let c: Cluster;

  beforeAll(async () => {
    c = await startCluster();
    // 5 untainted nodes in three zones, 2 CPUs each, and one tainted node outside any zone.
    await c.addNodes({ prefix: 'zone-a', count: 2, labels: { [ZONE]: 'a', disk: 'ssd' }, capacity: { cpu: '2' } });
    await c.addNodes({ prefix: 'zone-b', count: 2, labels: { [ZONE]: 'b', disk: 'hdd' }, capacity: { cpu: '2' } });
    await c.addNodes({ prefix: 'zone-c', count: 1, labels: { [ZONE]: 'c', disk: 'hdd' }, capacity: { cpu: '2' } });
    await c.addNodes({ prefix: 'gpu', count: 1, labels: { dedicated: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], capacity: { cpu: '2' } });
    c.startScheduler();
  }, 60_000);

  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  it('fits pods by CPU: five 1500m pods take one 2-CPU node each, a sixth stays Pending', async () => {
    await createNamespace(c.core, 'fit');
    const placed = await createAndWaitBound(c.core, Array.from({ length: 5 }, (_, i) => pod(`big-${i}`, { namespace: 'fit', cpu: '1500m' })));
    expect([...placed.values()].sort()).toEqual(['zone-a-0', 'zone-a-1', 'zone-b-0', 'zone-b-1', 'zone-c-0']);
    await c.core.createNamespacedPod({ namespace: 'fit', body: pod('big-5', { namespace: 'fit', cpu: '1500m' }) });
    const ev = await eventually('FailedScheduling for big-5', async () => (await podEvents(c.core, 'fit', 'big-5')).find((e) => e.reason === 'FailedScheduling'));
    expect(ev.message).toMatch(/^0\/6 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 5 Insufficient cpu\./);
    expect((await c.core.readNamespacedPod({ name: 'big-5', namespace: 'fit' })).spec?.nodeName).toBeUndefined();
    await c.core.deleteNamespacedPod({ name: 'big-5', namespace: 'fit' });
  });

  it('honours nodeSelector', async () => {
    await createNamespace(c.core, 'sel');
    const placed = await createAndWaitBound(c.core, Array.from({ length: 4 }, (_, i) => pod(`ssd-${i}`, { namespace: 'sel', cpu: '10m', spec: { nodeSelector: { disk: 'ssd' } } })));
    for (const node of placed.values()) expect(node).toMatch(/^zone-a-/);
  });

  it.each([
    ['In', { key: ZONE, operator: 'In', values: ['b', 'c'] }, /^zone-[bc]-/],
    ['NotIn', { key: ZONE, operator: 'NotIn', values: ['a', 'b'] }, /^zone-c-0$/],
    ['Exists', { key: 'dedicated', operator: 'Exists' }, /^$/], // only the tainted node has it: stays Pending
  ])('honours required node affinity (%s)', async (op, expr, want) => {
    const ns = `req-${op.toLowerCase()}`;
    await createNamespace(c.core, ns);
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } } };
    if (want.source === '^$') {
      await c.core.createNamespacedPod({ namespace: ns, body: pod('p', { namespace: ns, cpu: '10m', spec }) });
      const ev = await eventually('FailedScheduling', async () => (await podEvents(c.core, ns, 'p')).find((e) => e.reason === 'FailedScheduling'));
      expect(ev.message).toMatch(/^0\/6 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 5 node\(s\) didn't match Pod's node affinity\/selector\./);
      await c.core.deleteNamespacedPod({ name: 'p', namespace: ns });
      return;
    }
    const placed = await createAndWaitBound(c.core, Array.from({ length: 3 }, (_, i) => pod(`p-${i}`, { namespace: ns, cpu: '10m', spec })));
    for (const node of placed.values()) expect(node).toMatch(want);
  });

  it('honours matchFields metadata.name', async () => {
    await createNamespace(c.core, 'fields');
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['zone-b-1'] }] }] } } } };
    const placed = await createAndWaitBound(c.core, [pod('f', { namespace: 'fields', cpu: '10m', spec })]);
    expect(placed.get('f')).toBe('zone-b-1');
  });

  it('prefers nodes by preferred node affinity', async () => {
    await createNamespace(c.core, 'pref');
    const spec = { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: ZONE, operator: 'In', values: ['c'] }] } }] } } };
    const placed = await createAndWaitBound(c.core, Array.from({ length: 3 }, (_, i) => pod(`p-${i}`, { namespace: 'pref', cpu: '10m', spec })));
    expect([...placed.values()]).toEqual(['zone-c-0', 'zone-c-0', 'zone-c-0']);
  });

  it('keeps non-tolerating pods off the tainted node and puts tolerating pods on it', async () => {
    await createNamespace(c.core, 'taint');
    // The empty gpu-0 node would win LeastAllocated if its taint were ignored.
    const plain = await createAndWaitBound(c.core, Array.from({ length: 8 }, (_, i) => pod(`plain-${i}`, { namespace: 'taint', cpu: '10m' })));
    for (const node of plain.values()) expect(node).not.toBe('gpu-0');
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
    const tol = await createAndWaitBound(c.core, [pod('tol', { namespace: 'taint', cpu: '10m', spec: { tolerations, nodeSelector: { dedicated: 'gpu' } } })]);
    expect(tol.get('tol')).toBe('gpu-0');
  });

  it('spreads replicas across zones with required pod anti-affinity; a fourth replica has no zone left', async () => {
    await createNamespace(c.core, 'anti');
    const spec = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: ZONE }] } } };
    // All three at once: each must see the others as assumed (not yet bound) pods in the cache.
    const placed = await createAndWaitBound(c.core, Array.from({ length: 3 }, (_, i) => pod(`web-${i}`, { namespace: 'anti', labels: { app: 'web' }, cpu: '10m', spec })));
    expect(new Set([...placed.values()].map(zoneOf))).toEqual(new Set(['a', 'b', 'c']));
    await c.core.createNamespacedPod({ namespace: 'anti', body: pod('web-3', { namespace: 'anti', labels: { app: 'web' }, cpu: '10m', spec }) });
    const ev = await eventually('FailedScheduling for web-3', async () => (await podEvents(c.core, 'anti', 'web-3')).find((e) => e.reason === 'FailedScheduling'));
    expect(ev.message).toMatch(/^0\/6 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 5 node\(s\) didn't match pod anti-affinity rules\./);
    await c.core.deleteNamespacedPod({ name: 'web-3', namespace: 'anti' });
  });

  it('spreads pods evenly over zones with topology spread constraints (maxSkew 1)', async () => {
    await createNamespace(c.core, 'spread');
    const spec = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] };
    const placed = await createAndWaitBound(c.core, Array.from({ length: 6 }, (_, i) => pod(`s-${i}`, { namespace: 'spread', labels: { app: 'spread' }, cpu: '10m', spec })));
    expect(Object.fromEntries(countBy(placed.values(), zoneOf))).toEqual({ a: 2, b: 2, c: 2 });
  });
});
