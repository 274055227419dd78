import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, testContext } from '../testing/index.js';
import { NamespaceController } from './controller.js';

describe('NamespaceController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('deletes everything in a terminating namespace, waits for stragglers, then finalizes', async () => {
    const { cluster, ctx } = testContext();
    const nc = new NamespaceController(ctx, { recheckMs: 1000 });
    cluster.seed('namespaces', { metadata: { name: 'team' } });
    cluster.seed('configmaps', { metadata: { name: 'c', namespace: 'team' } });
    cluster.seed('services', { metadata: { name: 's', namespace: 'team' }, spec: {} });
    cluster.seed('pods', { metadata: { name: 'p', namespace: 'team', finalizers: ['kubelet/graceful'] }, spec: { containers: [] } });
    cluster.seed('configmaps', { metadata: { name: 'keep', namespace: 'other' } });
    await settle([nc.controller]);
    expect(cluster.list('configmaps', 'team')).toHaveLength(1); // not deleting: untouched

    await cluster.clients.namespaces.delete(undefined, 'team');
    await settle([nc.controller]);
    expect(cluster.get('namespaces', undefined, 'team')!.status!.phase).toBe('Terminating');
    expect(cluster.list('configmaps', 'team')).toEqual([]);
    expect(cluster.list('services', 'team')).toEqual([]);
    expect(cluster.get('pods', 'team', 'p')!.metadata!.deletionTimestamp).toBeDefined();
    expect(cluster.get('namespaces', undefined, 'team')).toBeDefined(); // pod still terminating

    const p = cluster.get('pods', 'team', 'p')!;
    await cluster.clients.pods.update({ ...p, metadata: { ...p.metadata, finalizers: [] } }); // kubelet done
    await vi.advanceTimersByTimeAsync(1000);
    await settle([nc.controller]);
    expect(cluster.get('namespaces', undefined, 'team')).toBeUndefined();
    expect(cluster.actions).toContain('finalize namespaces team');
    expect(cluster.list('configmaps', 'other')).toHaveLength(1);
  });
});
