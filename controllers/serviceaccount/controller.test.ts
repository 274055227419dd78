import { describe, expect, it } from 'vitest';
import { settle, testContext } from '../testing/index.js';
import { ServiceAccountController } from './controller.js';

describe('ServiceAccountController', () => {
  it('creates default in every active namespace and recreates it when deleted', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'a' } });
    const sac = new ServiceAccountController(ctx);
    cluster.seed('namespaces', { metadata: { name: 'b' } });
    await settle([sac.controller]);
    expect(cluster.get('serviceaccounts', 'a', 'default')).toBeDefined();
    expect(cluster.get('serviceaccounts', 'b', 'default')).toBeDefined();
    await cluster.clients.serviceaccounts.delete('a', 'default');
    await settle([sac.controller]);
    expect(cluster.get('serviceaccounts', 'a', 'default')).toBeDefined();
    expect(cluster.actions.filter((x) => x === 'create serviceaccounts a/default')).toHaveLength(2);
  });

  it('skips terminating namespaces', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'gone', finalizers: ['x'] } });
    await cluster.clients.namespaces.delete(undefined, 'gone');
    const sac = new ServiceAccountController(ctx);
    await settle([sac.controller]);
    expect(cluster.get('serviceaccounts', 'gone', 'default')).toBeUndefined();
  });
});
