import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { FakeCluster, settle, testContext } from '../testing/index.js';
import { GarbageCollector } from './collector.js';

function owned(owner: KubernetesObject, apiVersion: string, kind: string, block = true): V1OwnerReference[] {
  return [{ apiVersion, kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: block }];
}

function tree(cluster: FakeCluster) {
  const d = cluster.seed('deployments', { metadata: { name: 'web', namespace: 'default' }, spec: { selector: {}, template: {} } });
  const rs = cluster.seed('replicasets', { metadata: { name: 'web-abc', namespace: 'default', ownerReferences: owned(d, 'apps/v1', 'Deployment') }, spec: { selector: {} } });
  const pods = [1, 2].map((i) =>
    cluster.seed('pods', { metadata: { name: `web-abc-${i}`, namespace: 'default', ownerReferences: owned(rs, 'apps/v1', 'ReplicaSet') }, spec: { containers: [] } }),
  );
  return { d, rs, pods };
}

describe('GarbageCollector', () => {
  it.each([
    ['background: dependents go after the owner is gone', 'Background'],
    ['foreground: dependents go first, then the owner', 'Foreground'],
  ] as const)('%s', async (_n, policy) => {
    const { cluster, ctx } = testContext();
    const gc = new GarbageCollector(ctx);
    tree(cluster);
    await settle([gc.controller]);
    expect(cluster.list('pods', 'default')).toHaveLength(2); // owners exist: nothing collected
    let ownerGoneFirst = false;
    await cluster.clients.deployments.delete('default', 'web', { propagationPolicy: policy });
    if (policy === 'Foreground') expect(cluster.get('deployments', 'default', 'web')?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    await settle([gc.controller], 1000, () => {
      if (!cluster.get('deployments', 'default', 'web') && cluster.list('pods', 'default').length > 0) ownerGoneFirst = true;
    });
    expect(cluster.list('replicasets', 'default')).toEqual([]);
    expect(cluster.list('pods', 'default')).toEqual([]);
    expect(cluster.get('deployments', 'default', 'web')).toBeUndefined();
    expect(ownerGoneFirst).toBe(policy === 'Background');
  });

  it('orphan: dependents lose the ownerReference and survive', async () => {
    const { cluster, ctx } = testContext();
    const gc = new GarbageCollector(ctx);
    tree(cluster);
    await cluster.clients.replicasets.delete('default', 'web-abc', { propagationPolicy: 'Orphan' });
    await settle([gc.controller]);
    expect(cluster.get('replicasets', 'default', 'web-abc')).toBeUndefined();
    const pods = cluster.list('pods', 'default');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => !p.metadata?.ownerReferences)).toBe(true);
    expect(cluster.get('deployments', 'default', 'web')).toBeDefined();
  });

  it('collects dangling dependents after a restart by checking owners against the API', async () => {
    const cluster = new FakeCluster();
    const { d } = tree(cluster);
    // The owner disappeared while no collector was running.
    await cluster.clients.deployments.delete('default', 'web');
    // Another owner with the same name but a new uid must not save the dependents.
    cluster.seed('deployments', { metadata: { name: 'web', namespace: 'default' }, spec: { selector: {}, template: {} } });
    expect(cluster.get('deployments', 'default', 'web')!.metadata!.uid).not.toBe(d.metadata!.uid);
    const { ctx } = testContext(cluster);
    const gc = new GarbageCollector(ctx);
    await settle([gc.controller]);
    expect(cluster.list('replicasets', 'default')).toEqual([]);
    expect(cluster.list('pods', 'default')).toEqual([]);
    expect(cluster.get('deployments', 'default', 'web')).toBeDefined();
  });

  it('keeps an object with one live owner and drops the dangling reference', async () => {
    const { cluster, ctx } = testContext();
    const gc = new GarbageCollector(ctx);
    const a = cluster.seed('configmaps', { metadata: { name: 'a', namespace: 'default' } });
    const b = cluster.seed('configmaps', { metadata: { name: 'b', namespace: 'default' } });
    cluster.seed('secrets', {
      metadata: { name: 's', namespace: 'default', ownerReferences: [...owned(a, 'v1', 'ConfigMap', false), { ...owned(b, 'v1', 'ConfigMap', false)[0]!, controller: false }] },
    });
    await cluster.clients.configmaps.delete('default', 'a');
    await settle([gc.controller]);
    const s = cluster.get('secrets', 'default', 's')!;
    expect(s.metadata!.ownerReferences!.map((r) => r.name)).toEqual(['b']);
  });

  it('never collects objects owned by kinds it cannot check', async () => {
    const { cluster, ctx } = testContext();
    const gc = new GarbageCollector(ctx);
    cluster.seed('pods', { metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'x' }] }, spec: { containers: [] } });
    await settle([gc.controller]);
    expect(cluster.get('pods', 'default', 'p')).toBeDefined();
  });
});
