import { describe, expect, it } from 'vitest';
import { settle, testContext } from '../testing/index.js';
import { RootCACertPublisher, RootCAConfigMap } from './controller.js';

const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('RootCACertPublisher', () => {
  it('publishes kube-root-ca.crt with ca.crt in every active namespace, new ones too', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'a' } });
    const c = new RootCACertPublisher(ctx, { caPem });
    cluster.seed('namespaces', { metadata: { name: 'b' } });
    await settle([c.controller]);
    for (const ns of ['a', 'b']) expect(cluster.get('configmaps', ns, RootCAConfigMap)?.data).toEqual({ 'ca.crt': caPem });
  });

  it('recreates the ConfigMap when deleted', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'a' } });
    const c = new RootCACertPublisher(ctx, { caPem });
    await settle([c.controller]);
    await cluster.clients.configmaps.delete('a', RootCAConfigMap);
    await settle([c.controller]);
    expect(cluster.get('configmaps', 'a', RootCAConfigMap)?.data).toEqual({ 'ca.crt': caPem });
    expect(cluster.actions.filter((x) => x === `create configmaps a/${RootCAConfigMap}`)).toHaveLength(2);
  });

  it('puts the data back when someone changes it, and leaves a correct one alone', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'a' } });
    const c = new RootCACertPublisher(ctx, { caPem });
    await settle([c.controller]);
    const cm = cluster.get('configmaps', 'a', RootCAConfigMap)!;
    await cluster.clients.configmaps.update({ ...cm, data: { 'ca.crt': 'evil', extra: 'x' } });
    await settle([c.controller]);
    expect(cluster.get('configmaps', 'a', RootCAConfigMap)?.data).toEqual({ 'ca.crt': caPem });
    const writes = cluster.actions.length;
    c.controller.enqueue('a');
    await settle([c.controller]);
    expect(cluster.actions.length).toBe(writes);
  });

  it('skips terminating namespaces', async () => {
    const { cluster, ctx } = testContext();
    cluster.seed('namespaces', { metadata: { name: 'gone', finalizers: ['x'] } });
    await cluster.clients.namespaces.delete(undefined, 'gone');
    const c = new RootCACertPublisher(ctx, { caPem });
    await settle([c.controller]);
    expect(cluster.get('configmaps', 'gone', RootCAConfigMap)).toBeUndefined();
  });
});
