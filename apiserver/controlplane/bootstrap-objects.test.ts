// The start-up objects on real etcd: created once, then a second pass writes nothing; mandatory
// objects are restored, suggested ones only while apf.kubernetes.io/autoupdate-spec allows it;
// every catalogued group-version with a known priority gets a Local, Available APIService.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import type { Obj } from '../../apimachinery/objects.js';
import { ServiceAllocators } from '../registry/core/service/allocators.js';
import { Registry } from '../registry/rest.js';
import { findResource, groupVersion, resources } from '../registry/resources.js';
import { openStorage } from '../server/storage.js';
import type { Store } from '../storage/types.js';
import { withEtcd, etcdAvailable, etcdSkipReason, type TestEtcd } from '../../test/etcd.js';
import { ensureBootstrapObjects } from './bootstrap-objects.js';
import { apiServicePriorities } from './apiservice-priorities.js';

const log = silentLogger();
const fc = 'flowcontrol.apiserver.k8s.io';

describe.skipIf(!etcdAvailable)(`start-up objects${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  let store: Store;
  let reg: Registry;
  const pl = findResource(fc, 'v1', 'prioritylevelconfigurations')!;
  const fs = findResource(fc, 'v1', 'flowschemas')!;
  const apisvc = findResource('apiregistration.k8s.io', 'v1', 'apiservices')!;
  const spec = async (info: typeof pl, name: string): Promise<Obj> => (await reg.get(info, undefined, name)).spec as Obj;
  const edit = (info: typeof pl, name: string, change: (o: Obj) => void) =>
    reg.update(info, undefined, name, (cur) => {
      const next = structuredClone(cur!);
      change(next);
      return next;
    }, {});

  beforeAll(async () => {
    etcd = await withEtcd();
    store = openStorage(etcd.endpoints, log);
    reg = new Registry(store, new ServiceAllocators(store, { serviceCIDR: '10.96.0.0/12', nodePortRange: '30000-32767' }), {});
  });
  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
  });

  it('creates everything once; a second pass writes nothing', async () => {
    const first = await ensureBootstrapObjects(reg, log);
    const gvs = new Set(resources.map((r) => groupVersion(r)).filter((gv) => apiServicePriorities.has(gv)));
    expect(first).toBe(8 + 13 + gvs.size);
    expect(await ensureBootstrapObjects(reg, log)).toBe(0);
    const catchAll = await reg.get(pl, undefined, 'catch-all');
    expect((catchAll.metadata as Obj).annotations).toEqual({ 'apf.kubernetes.io/autoupdate-spec': 'true' });
    expect(catchAll.spec).toEqual({ type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } });
    const core = await reg.get(apisvc, undefined, 'v1.');
    expect(core.spec).toEqual({ version: 'v1', group: '', groupPriorityMinimum: 18000, versionPriority: 1 });
    expect((core.metadata as Obj).labels).toEqual({ 'kube-aggregator.kubernetes.io/automanaged': 'onstart' });
    expect((core.status as Obj).conditions).toMatchObject([{ type: 'Available', status: 'True', reason: 'Local' }]);
  });

  it('APIServices registered on start are kept in sync: a changed priority is restored, one for a group-version no longer served is deleted, a user\'s is kept', async () => {
    await edit(apisvc, 'v1.apps', (o) => ((o.spec as Obj).versionPriority = 3));
    const gone = { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', spec: { group: 'gone.example.com', version: 'v1', groupPriorityMinimum: 100, versionPriority: 1 } };
    await reg.create(apisvc, undefined, { ...gone, metadata: { name: 'v1.gone.example.com', labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } } }, {});
    await reg.create(apisvc, undefined, { ...gone, metadata: { name: 'v1.mine.example.com' }, spec: { ...gone.spec, group: 'mine.example.com' } }, {});
    expect(await ensureBootstrapObjects(reg, log)).toBe(2);
    expect((await spec(apisvc, 'v1.apps')).versionPriority).toBe(15);
    await expect(reg.get(apisvc, undefined, 'v1.gone.example.com')).rejects.toThrow(/not found/);
    expect((await spec(apisvc, 'v1.mine.example.com')).group).toBe('mine.example.com');
  });

  it('restores a mandatory object whatever its annotation; keeps the exempt level\'s spec.exempt', async () => {
    await edit(fs, 'catch-all', (o) => {
      (o.spec as Obj).matchingPrecedence = 9999;
      (o.metadata as Obj).annotations = { 'apf.kubernetes.io/autoupdate-spec': 'false' };
    });
    await edit(pl, 'exempt', (o) => ((o.spec as Obj).exempt = { nominalConcurrencyShares: 7, lendablePercent: 10 }));
    expect(await ensureBootstrapObjects(reg, log)).toBe(1);
    expect((await spec(fs, 'catch-all')).matchingPrecedence).toBe(10000);
    expect((await spec(pl, 'exempt')).exempt).toEqual({ nominalConcurrencyShares: 7, lendablePercent: 10 });
  });

  it('a suggested object: restored while autoupdate-spec is true, left alone once it is false or a user changed it without the annotation', async () => {
    await edit(pl, 'workload-low', (o) => (((o.spec as Obj).limited as Obj).nominalConcurrencyShares = 1));
    await edit(pl, 'global-default', (o) => {
      ((o.spec as Obj).limited as Obj).nominalConcurrencyShares = 2;
      (o.metadata as Obj).annotations = { 'apf.kubernetes.io/autoupdate-spec': 'false' };
    });
    await edit(fs, 'service-accounts', (o) => {
      (o.spec as Obj).matchingPrecedence = 8000;
      delete (o.metadata as Obj).annotations;
    });
    expect(await ensureBootstrapObjects(reg, log)).toBe(1);
    expect(((await spec(pl, 'workload-low')).limited as Obj).nominalConcurrencyShares).toBe(100);
    expect(((await spec(pl, 'global-default')).limited as Obj).nominalConcurrencyShares).toBe(2);
    expect((await spec(fs, 'service-accounts')).matchingPrecedence).toBe(8000);
  });
});
