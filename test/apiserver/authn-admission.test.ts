// Admission plumbing in the Registry against real etcd: writes that carry a user go through every
// plugin's admit (which may change the object) and validate (which may refuse it) with the right
// operation, subresource and old object; server-internal writes (no user) do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { silentLogger } from '../../apimachinery/log.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { AdmissionPlugin, AdmissionRequest, UserInfo } from '../../apiserver/auth/types.js';
import { ServiceAllocators } from '../../apiserver/registry/core/service/allocators.js';
import { Registry } from '../../apiserver/registry/rest.js';
import { findResource } from '../../apiserver/registry/resources.js';
import { openStorage } from '../../apiserver/server/storage.js';
import type { Store } from '../../apiserver/storage/types.js';
import { withEtcd, etcdAvailable, etcdSkipReason, type TestEtcd } from '../etcd.js';

describe.skipIf(!etcdAvailable)(`Registry admission plugins${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  let store: Store;
  let registry: Registry;
  const seen: { phase: string; op: string; sub: string; name: string; user: string; old?: boolean; object?: boolean }[] = [];
  const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
  const pods = findResource('', 'v1', 'pods')!;
  const namespaces = findResource('', 'v1', 'namespaces')!;
  const cms = findResource('', 'v1', 'configmaps')!;

  const record = (phase: string) => async (r: AdmissionRequest) => {
    seen.push({ phase, op: r.operation, sub: r.subresource, name: r.name, user: r.user.name, old: r.oldObject !== undefined, object: r.object !== undefined });
  };
  const plugins: AdmissionPlugin[] = [
    {
      name: 'Labeler',
      admit: async (r) => {
        await record('admit')(r);
        if (r.object && r.resource === 'configmaps') {
          const m = r.object.metadata as Obj;
          m.labels = { ...(m.labels as Obj | undefined), admitted: 'yes' };
        }
      },
    },
    {
      name: 'Refuser',
      validate: async (r) => {
        await record('validate')(r);
        if (r.object && (r.object.data as Obj | undefined)?.refuse === 'yes') throw errors.forbidden('configmaps "x" is forbidden: refused');
      },
    },
  ];

  beforeAll(async () => {
    etcd = await withEtcd();
    store = openStorage(etcd.endpoints, silentLogger());
    registry = new Registry(store, new ServiceAllocators(store, { serviceCIDR: '10.96.0.0/12', nodePortRange: '30000-32767' }), { admission: plugins });
    await registry.create(namespaces, undefined, { metadata: { name: 'default' } }, {});
  });
  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
  });

  it('server-internal writes (no user) skip admission', async () => {
    seen.length = 0;
    const cm = await registry.create(cms, 'default', { metadata: { name: 'internal' } }, {});
    expect(seen).toEqual([]);
    expect((cm.metadata as Obj).labels).toBeUndefined();
  });

  it('create: admit may change the object, validate sees the change, both see the user', async () => {
    seen.length = 0;
    const cm = await registry.create(cms, 'default', { metadata: { name: 'c1' }, data: { a: 'b' } }, { user: alice });
    expect((cm.metadata as Obj).labels).toEqual({ admitted: 'yes' });
    expect(seen).toEqual([
      { phase: 'admit', op: 'CREATE', sub: '', name: 'c1', user: 'alice', old: false, object: true },
      { phase: 'validate', op: 'CREATE', sub: '', name: 'c1', user: 'alice', old: false, object: true },
    ]);
  });

  it('a validating plugin refuses: nothing is stored', async () => {
    const err = await registry.create(cms, 'default', { metadata: { name: 'c2' }, data: { refuse: 'yes' } }, { user: alice }).catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    await expect(registry.get(cms, 'default', 'c2')).rejects.toThrow(/not found/);
    const upd = await registry.update(cms, 'default', 'c1', (live) => ({ ...live!, data: { refuse: 'yes' } }), { user: alice }).catch((e: ApiError) => e);
    expect((upd as ApiError).code).toBe(403);
    expect((await registry.get(cms, 'default', 'c1')).data).toEqual({ a: 'b' });
  });

  it('update and status update carry the old object and the subresource', async () => {
    await registry.create(pods, 'default', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }, {});
    seen.length = 0;
    await registry.update(pods, 'default', 'p', (live) => ({ ...live!, status: { phase: 'Running' } }), { user: alice, subresource: 'status' });
    await registry.update(cms, 'default', 'c1', (live) => ({ ...live!, data: { a: 'c' } }), { user: alice });
    expect(seen.filter((s) => s.phase === 'admit')).toEqual([
      { phase: 'admit', op: 'UPDATE', sub: 'status', name: 'p', user: 'alice', old: true, object: true },
      { phase: 'admit', op: 'UPDATE', sub: '', name: 'c1', user: 'alice', old: true, object: true },
    ]);
  });

  it('delete carries the old object and no new one', async () => {
    seen.length = 0;
    await registry.delete(cms, 'default', 'c1', { user: alice });
    expect(seen).toEqual([
      { phase: 'admit', op: 'DELETE', sub: '', name: 'c1', user: 'alice', old: true, object: false },
      { phase: 'validate', op: 'DELETE', sub: '', name: 'c1', user: 'alice', old: true, object: false },
    ]);
  });
});
