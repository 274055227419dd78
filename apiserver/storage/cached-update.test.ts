// guaranteedUpdate starting from a cached copy (as the watch cache supplies it): no read from etcd
// when the copy is current, and a retry on a fresh read when it is stale, when the update fails on
// it, or when it might be a no-op.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { etcdAvailable, etcdSkipReason, withEtcd, type TestEtcd } from '../../test/etcd.js';
import { EtcdStore } from './etcd-store.js';
import { CachedStore } from './watch-cache.js';
import type { KubeObject, Stored } from './types.js';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v } });
const dataOf = (o: KubeObject | undefined): unknown => (o?.data as { v?: string } | undefined)?.v;

describe.skipIf(!etcdAvailable)(`guaranteedUpdate from a cached copy${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  let store: EtcdStore;
  let n = 0;
  const key = (): string => `/registry/cachedupd${n}/ns/a${n++}`;
  beforeAll(async () => {
    etcd = await withEtcd();
    store = new EtcdStore({ endpoints: etcd.endpoints });
  });
  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
  });

  it('writes without reading when the copy is current', async () => {
    const k = key();
    const created = await store.create(k, cm('a', '1'));
    const range = vi.spyOn(store.client.kv, 'range');
    try {
      const seen: unknown[] = [];
      const out = await store.guaranteedUpdate(k, (cur) => (seen.push(dataOf(cur?.object)), { ...cur!.object, data: { v: '2' } }), created);
      expect(seen).toEqual(['1']);
      expect(range).not.toHaveBeenCalled();
      expect(dataOf(out?.object)).toBe('2');
      expect(Number(out!.rv)).toBeGreaterThan(Number(created.rv));
    } finally {
      range.mockRestore();
    }
  });

  it('retries on the stored state when the copy is stale', async () => {
    const k = key();
    const stale = await store.create(k, cm('a', '1'));
    await store.update(k, cm('a', '2'), stale.rv);
    const seen: unknown[] = [];
    const out = await store.guaranteedUpdate(k, (cur) => (seen.push(dataOf(cur?.object)), { ...cur!.object, data: { v: `${String(dataOf(cur?.object))}+` } }), stale);
    expect(seen).toEqual(['1', '2']);
    expect(dataOf(out?.object)).toBe('2+');
    expect(dataOf((await store.get(k))?.object)).toBe('2+');
  });

  it('rereads when the update fails on a stale copy, and fails on a fresh one', async () => {
    const k = key();
    const stale = await store.create(k, cm('a', '1'));
    const fresh = await store.update(k, cm('a', '2'), stale.rv);
    // A precondition on the newer resourceVersion fails against the stale copy only.
    const precondition = (cur: Stored | undefined): KubeObject => {
      if (cur?.rv !== fresh.rv) throw new Error(`conflict at ${String(cur?.rv)}`);
      return { ...cur.object, data: { v: '3' } };
    };
    expect(dataOf((await store.guaranteedUpdate(k, precondition, stale))?.object)).toBe('3');
    await expect(store.guaranteedUpdate(k, precondition)).rejects.toThrow(/conflict at/);
  });

  it('decides a possible no-op on the stored bytes: no write, same resourceVersion', async () => {
    const k = key();
    const created = await store.create(k, cm('a', '1'));
    const range = vi.spyOn(store.client.kv, 'range');
    try {
      const out = await store.guaranteedUpdate(k, (cur) => ({ ...cur!.object }), created);
      expect(out?.rv).toBe(created.rv);
      expect(range).toHaveBeenCalledTimes(1);
    } finally {
      range.mockRestore();
    }
    expect((await store.get(k))?.rv).toBe(created.rv);
  });

  it('reruns a dry computation (undefined) on a fresh read', async () => {
    const k = key();
    const stale = await store.create(k, cm('a', '1'));
    await store.update(k, cm('a', '2'), stale.rv);
    const seen: unknown[] = [];
    const out = await store.guaranteedUpdate(k, (cur) => void seen.push(dataOf(cur?.object)), stale);
    expect(seen).toEqual(['1', '2']);
    expect(dataOf(out?.object)).toBe('2');
  });

  it('CachedStore starts the resource cache and then updates from it without reading etcd', async () => {
    const cached = new CachedStore(new EtcdStore({ endpoints: etcd.endpoints }));
    try {
      const k = '/registry/cachedupdcs/ns/a';
      const created = await cached.create(k, cm('a', '0'));
      const bump = (cur: Stored | undefined): KubeObject => ({ ...cur!.object, data: { v: String(Number(dataOf(cur?.object)) + 1) } });
      let last = await cached.guaranteedUpdate(k, bump);
      expect(dataOf(last?.object)).toBe('1');
      await cached.waitForRevision(k, last!.rv, 10_000);
      // Back to back, the next update may start from a stale copy: still correct.
      for (let i = 2; i <= 4; i++) {
        last = await cached.guaranteedUpdate(k, bump);
        expect(dataOf(last?.object)).toBe(String(i));
      }
      expect(dataOf((await cached.get(k))?.object)).toBe('4');
      expect(Number(last!.rv)).toBeGreaterThan(Number(created.rv));
      // Once the cache has caught up, an update needs no read at all.
      await cached.waitForRevision(k, last!.rv, 10_000);
      const range2 = vi.spyOn(cached.inner.client.kv, 'range');
      try {
        expect(dataOf((await cached.guaranteedUpdate(k, bump))?.object)).toBe('5');
        expect(range2).not.toHaveBeenCalled();
      } finally {
        range2.mockRestore();
      }
    } finally {
      await cached.close();
    }
  });
});
