// Preemption on a real API server: a pending higher-priority pod (spec.priority set directly) evicts a
// lower-priority pod through the API, is nominated to the node, and binds there once the victim is
// gone; a pod of equal priority evicts nobody.
import { Watch, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { etcdAvailable, etcdSkipReason, eventually, pod, podEvents, startCluster, type Cluster } from './helpers.js';

describe.skipIf(!etcdAvailable)(`scheduler: preemption${etcdSkipReason}`, () => {
  let c: Cluster;

  beforeAll(async () => {
    c = await startCluster();
    await c.addNodes({ prefix: 'n', count: 1, capacity: { cpu: '2' } });
    c.startScheduler();
  }, 60_000);

  afterAll(async () => {
    await c?.stop();
  }, 30_000);

  const bound = (name: string) => eventually(`${name} bound`, async () => (await c.core.readNamespacedPod({ name, namespace: 'default' })).spec?.nodeName);

  it('does not preempt a pod of equal priority', async () => {
    await c.core.createNamespacedPod({ namespace: 'default', body: pod('low', { cpu: '1500m', spec: { priority: 10 } }) });
    expect(await bound('low')).toBe('n-0');
    await c.core.createNamespacedPod({ namespace: 'default', body: pod('peer', { cpu: '1500m', spec: { priority: 10 } }) });
    const ev = await eventually('FailedScheduling for peer', async () => (await podEvents(c.core, 'default', 'peer')).find((e) => e.reason === 'FailedScheduling'));
    expect(ev.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    const low = await c.core.readNamespacedPod({ name: 'low', namespace: 'default' });
    expect(low.metadata?.deletionTimestamp).toBeUndefined();
    await c.core.deleteNamespacedPod({ name: 'peer', namespace: 'default' });
  });

  it('evicts the lower-priority pod, nominates the node and binds the preemptor there', async () => {
    // Watch the preemptor to see its status.nominatedNodeName, which is set only while it waits.
    const nominated: string[] = [];
    const watch = await new Watch(c.env.kubeConfig()).watch('/api/v1/namespaces/default/pods', {}, (_type: string, p: V1Pod) => {
      if (p.metadata?.name === 'high' && p.status?.nominatedNodeName) nominated.push(p.status.nominatedNodeName);
    }, () => undefined);
    onTestFinished(() => watch.abort());
    const lowUid = (await c.core.readNamespacedPod({ name: 'low', namespace: 'default' })).metadata?.uid;
    await c.core.createNamespacedPod({ namespace: 'default', body: pod('high', { cpu: '1500m', spec: { priority: 1000 } }) });
    const high = await c.core.readNamespacedPod({ name: 'high', namespace: 'default' });
    // The victim is deleted through the API (the hollow kubelet finishes the deletion).
    await eventually('low gone', async () => {
      const items = (await c.core.listNamespacedPod({ namespace: 'default' })).items;
      return items.every((p) => p.metadata?.uid !== lowUid);
    });
    expect(await bound('high')).toBe('n-0');
    const preempted = (await podEvents(c.core, 'default', 'low')).find((e) => e.reason === 'Preempted');
    expect(preempted?.message).toBe(`Preempted by pod ${high.metadata?.uid} on node n-0`);
    // While it waited it was nominated to the node (status.nominatedNodeName), and its first attempt failed.
    expect(nominated).toContain('n-0');
    const failed = (await podEvents(c.core, 'default', 'high')).find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });
});
