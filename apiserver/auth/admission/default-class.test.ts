import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';
import type { AdmissionRequest } from '../types.js';
import { defaultIngressClass, defaultStorageClass } from './default-class.js';

function storeOf(byPrefix: Record<string, Obj[]>): Store {
  return { list: async (prefix: string) => ({ items: (byPrefix[prefix] ?? []).map((object) => ({ key: '', object, rv: '1' })), rv: '1' }) } as unknown as Store;
}

const cls = (name: string, created: string, annotations: Record<string, string> = {}): Obj => ({ metadata: { name, creationTimestamp: created, annotations } });
const isDefault = { 'ingressclass.kubernetes.io/is-default-class': 'true' };

function create(group: string, resource: string, object: Obj): AdmissionRequest {
  return { operation: 'CREATE', user: { name: 'alice', groups: [] }, group, version: 'v1', resource, subresource: '', namespace: 'default', name: 'x', object };
}

describe('DefaultIngressClass', () => {
  const store = storeOf({
    '/registry/ingressclasses/': [cls('old', '2026-01-01T00:00:00Z', isDefault), cls('new', '2026-02-01T00:00:00Z', isDefault), cls('plain', '2026-03-01T00:00:00Z')],
  });
  const plugin = defaultIngressClass({ store });

  it.each<[string, Obj, unknown]>([
    ['no class: the newest default', { metadata: { name: 'x' }, spec: {} }, 'new'],
    ['a class named', { metadata: { name: 'x' }, spec: { ingressClassName: 'plain' } }, 'plain'],
    ['the legacy annotation', { metadata: { name: 'x', annotations: { 'kubernetes.io/ingress.class': 'nginx' } }, spec: {} }, undefined],
  ])('%s', async (_n, object, want) => {
    await plugin.admit?.(create('networking.k8s.io', 'ingresses', object));
    expect((object.spec as Obj).ingressClassName).toBe(want);
  });

  it('leaves updates and other resources alone, and does nothing without a default', async () => {
    const upd = { metadata: { name: 'x' }, spec: {} };
    await plugin.admit?.({ ...create('networking.k8s.io', 'ingresses', upd), operation: 'UPDATE' });
    expect(upd.spec).toEqual({});
    const none = { metadata: { name: 'x' }, spec: {} };
    await defaultIngressClass({ store: storeOf({}) }).admit?.(create('networking.k8s.io', 'ingresses', none));
    expect(none.spec).toEqual({});
  });
});

describe('DefaultStorageClass', () => {
  const store = storeOf({
    '/registry/storageclasses/': [cls('standard', '2026-01-01T00:00:00Z', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }), cls('fast', '2026-02-01T00:00:00Z')],
  });
  it.each<[string, Obj, unknown]>([
    ['no class: the default', { metadata: { name: 'x' }, spec: {} }, 'standard'],
    ['an empty class is a choice', { metadata: { name: 'x' }, spec: { storageClassName: '' } }, ''],
    ['the beta annotation', { metadata: { name: 'x', annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } }, spec: {} }, undefined],
  ])('%s', async (_n, object, want) => {
    await defaultStorageClass({ store }).admit?.(create('', 'persistentvolumeclaims', object));
    expect((object.spec as Obj).storageClassName).toBe(want);
  });
});
