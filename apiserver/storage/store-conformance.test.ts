// One storage conformance suite, run against EtcdStore and CachedStore on a real etcd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etcd3 } from 'etcd3';
import { etcdAvailable, etcdSkipReason, withEtcd, type TestEtcd } from '../../test/etcd.js';
import { CachedStore } from './watch-cache.js';
import { EtcdStore } from './etcd-store.js';
import { StorageError, type KubeObject, type Store, type WatchEvent } from './types.js';

type Maker = (endpoints: string[]) => Store;
const stores: [string, Maker][] = [
  ['EtcdStore', (endpoints) => new EtcdStore({ endpoints })],
  ['CachedStore', (endpoints) => new CachedStore(new EtcdStore({ endpoints }), { waitForCacheMs: 2000 })],
];

const obj = (name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', labels },
  ...extra,
});
const rvOf = (o: KubeObject): unknown => o.metadata?.resourceVersion;
const nameOf = (o: KubeObject): unknown => o.metadata?.name;

/** Reads `n` events (guarded by a timeout so a missing event fails instead of hanging). */
async function take(it: AsyncIterator<WatchEvent>, n: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  while (out.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${out.length}/${n} events`)), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (r.done) throw new Error(`watch ended after ${out.length}/${n} events`);
    out.push(r.value);
  }
  return out;
}

async function expectCode(p: Promise<unknown>, code: StorageError['code']): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(StorageError);
  await expect(p).rejects.toMatchObject({ code });
}

describe.skipIf(!etcdAvailable)(`Store conformance${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await withEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  describe.each(stores)('%s', (name, make) => {
    let store: Store;
    let n = 0;
    const prefix = (): string => `/registry/${name.toLowerCase()}${++n}/`;
    beforeAll(() => {
      store = make(etcd.endpoints);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('create sets resourceVersion to the mod revision and stores JSON without it', async () => {
      const p = prefix();
      const created = await store.create(`${p}ns/a`, obj('a', { data: { x: '1' } }));
      expect(rvOf(created.object)).toBe(created.rv);
      const got = await store.get(`${p}ns/a`);
      expect(got).toEqual({ key: `${p}ns/a`, rv: created.rv, object: created.object });
      const raw = new Etcd3({ hosts: etcd.endpoints });
      try {
        const stored = (await raw.get(`${p}ns/a`).json()) as KubeObject;
        expect(stored.metadata).not.toHaveProperty('resourceVersion');
        expect(stored.data).toEqual({ x: '1' });
      } finally {
        raw.close();
      }
      expect(await store.get(`${p}ns/missing`)).toBeUndefined();
    });

    it('create of an existing key fails with KeyExists', async () => {
      const p = prefix();
      await store.create(`${p}ns/a`, obj('a'));
      await expectCode(store.create(`${p}ns/a`, obj('a')), 'KeyExists');
    });

    it.each([
      ['the current rv succeeds', 'current', undefined],
      ['a stale rv is a Conflict', 'stale', 'Conflict'],
      ['a missing key is KeyNotFound', 'missing', 'KeyNotFound'],
      ['no rv updates unconditionally', 'none', undefined],
    ] as const)('update with %s', async (_case, which, code) => {
      const p = prefix();
      const first = await store.create(`${p}ns/a`, obj('a'));
      const second = await store.update(`${p}ns/a`, obj('a', { data: { v: '2' } }), first.rv);
      const key = which === 'missing' ? `${p}ns/nope` : `${p}ns/a`;
      const rv = which === 'stale' ? first.rv : which === 'none' ? '' : second.rv;
      const p3 = store.update(key, obj('a', { data: { v: '3' } }), rv);
      if (code) return expectCode(p3, code);
      const third = await p3;
      expect(Number(third.rv)).toBeGreaterThan(Number(second.rv));
      expect((await store.get(key))?.object.data).toEqual({ v: '3' });
    });

    it('delete honours the rv precondition and returns the last state at the delete revision', async () => {
      const p = prefix();
      const first = await store.create(`${p}ns/a`, obj('a', { data: { v: '1' } }));
      const second = await store.update(`${p}ns/a`, obj('a', { data: { v: '2' } }), first.rv);
      await expectCode(store.delete(`${p}ns/a`, first.rv), 'Conflict');
      const gone = await store.delete(`${p}ns/a`, second.rv);
      expect(gone.object.data).toEqual({ v: '2' });
      expect(Number(gone.rv)).toBeGreaterThan(Number(second.rv));
      expect(rvOf(gone.object)).toBe(gone.rv);
      expect(await store.get(`${p}ns/a`)).toBeUndefined();
      await expectCode(store.delete(`${p}ns/a`), 'KeyNotFound');
    });

    it('guaranteedUpdate retries on conflict under concurrency', async () => {
      const p = prefix();
      const key = `${p}ns/counter`;
      let calls = 0;
      // Every writer's first attempt waits until all 20 have read, so they all read the same
      // revision and 19 of them must lose the race and retry: the race is made, not hoped for.
      let firstReads = 0;
      let allRead!: () => void;
      const barrier = new Promise<void>((r) => (allRead = r));
      await Promise.all(
        Array.from({ length: 20 }, () => {
          let first = true;
          return store.guaranteedUpdate(key, async (cur) => {
            calls++;
            const count = Number((cur?.object.data as { n?: string } | undefined)?.n ?? 0);
            if (first) {
              first = false;
              if (++firstReads === 20) allRead();
              await barrier;
            }
            return obj('counter', { data: { n: String(count + 1) } });
          });
        }),
      );
      expect((await store.get(key))?.object.data).toEqual({ n: '20' });
      expect(calls).toBeGreaterThanOrEqual(20 + 19); // the 19 losers of the first round each retried
    });

    it('guaranteedUpdate leaves the object alone when fn returns undefined or the same object', async () => {
      const p = prefix();
      const created = await store.create(`${p}ns/a`, obj('a', { data: { v: '1' } }));
      expect((await store.guaranteedUpdate(`${p}ns/a`, () => undefined))?.rv).toBe(created.rv);
      const same = await store.guaranteedUpdate(`${p}ns/a`, (cur) => ({ ...cur!.object }));
      expect(same?.rv).toBe(created.rv);
      expect(await store.guaranteedUpdate(`${p}ns/none`, () => undefined)).toBeUndefined();
    });

    it('lists pages of `limit` matching items, filter applied before paging', async () => {
      const p = prefix();
      for (let i = 0; i < 25; i++) await store.create(`${p}ns/o${String(i).padStart(2, '0')}`, obj(`o${i}`, {}, { parity: i % 2 ? 'odd' : 'even' }));
      const filter = (o: KubeObject): boolean => (o.metadata?.labels as Record<string, string>).parity === 'even';
      const names: unknown[] = [];
      let cont: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(p, { limit: 5, filter, continue: cont });
        pages++;
        if (page.continue) expect(page.items).toHaveLength(5);
        names.push(...page.items.map((s) => nameOf(s.object)));
        cont = page.continue;
      } while (cont);
      expect(names).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24].map((i) => `o${i}`));
      expect(pages).toBe(3);
    });

    it('continue pages read at the revision of the first page, across writes', async () => {
      const p = prefix();
      for (let i = 0; i < 6; i++) await store.create(`${p}ns/o${i}`, obj(`o${i}`, { data: { v: 'old' } }));
      const first = await store.list(p, { limit: 3 });
      expect(first.remainingItemCount).toBe(3);
      const o4 = await store.get(`${p}ns/o4`);
      await store.update(`${p}ns/o4`, obj('o4', { data: { v: 'new' } }), o4!.rv);
      await store.create(`${p}ns/o9`, obj('o9'));
      await store.delete(`${p}ns/o5`);
      const second = await store.list(p, { limit: 10, continue: first.continue });
      expect(second.rv).toBe(first.rv);
      expect(second.items.map((s) => nameOf(s.object))).toEqual(['o3', 'o4', 'o5']);
      expect(second.items[1]!.object.data).toEqual({ v: 'old' });
      expect(second.continue).toBeUndefined();
    });

    it('lists exactly at a past resourceVersion', async () => {
      const p = prefix();
      const a = await store.create(`${p}ns/a`, obj('a', { data: { v: '1' } }));
      await store.update(`${p}ns/a`, obj('a', { data: { v: '2' } }), a.rv);
      await store.create(`${p}ns/b`, obj('b'));
      const past = await store.list(p, { resourceVersion: a.rv, resourceVersionMatch: 'Exact' });
      expect(past.rv).toBe(a.rv);
      expect(past.items.map((s) => [nameOf(s.object), s.object.data])).toEqual([['a', { v: '1' }]]);
    });

    it.each([
      ['rv "0"', '0', undefined],
      ['NotOlderThan the last write', 'last', 'NotOlderThan'],
      ['a consistent read', undefined, undefined],
    ] as const)('a list with %s sees the writer’s own writes', async (_c, rv, match) => {
      const p = prefix();
      await store.list(p, { resourceVersion: '0' }); // a cache, if any, is running before the writes
      const a = await store.create(`${p}ns/a`, obj('a'));
      const b = await store.create(`${p}ns/b`, obj('b'));
      const res = await store.list(p, { resourceVersion: rv === 'last' ? b.rv : rv, resourceVersionMatch: match });
      expect(res.items.map((s) => s.rv)).toEqual([a.rv, b.rv]);
      expect(Number(res.rv)).toBeGreaterThanOrEqual(Number(b.rv));
    });

    it.each([
      ['a malformed continue token', { continue: 'not-a-token' }, 'Invalid'],
      ['a malformed resourceVersion', { resourceVersion: 'abc' }, 'Invalid'],
      ['an Exact revision in the future', { resourceVersion: '999999999', resourceVersionMatch: 'Exact' }, 'TooLargeResourceVersion'],
    ] as const)('a list with %s fails', async (_c, opts, code) => {
      await expectCode(store.list(prefix(), opts), code);
    });

    it('watch from a revision delivers later changes with ADDED/MODIFIED/DELETED in order', async () => {
      const p = prefix();
      const a = await store.create(`${p}ns/a`, obj('a'));
      const b = await store.create(`${p}ns/b`, obj('b', { data: { v: '1' } }));
      const ac = new AbortController();
      const it = store.watch(p, { fromRv: a.rv }, ac.signal)[Symbol.asyncIterator]();
      const first = take(it, 1);
      const b2 = await store.update(`${p}ns/b`, obj('b', { data: { v: '2' } }), b.rv);
      const gone = await store.delete(`${p}ns/b`);
      const evs = [...(await first), ...(await take(it, 2))];
      expect(evs.map((e) => [e.type, e.key, e.rv])).toEqual([
        ['ADDED', `${p}ns/b`, b.rv],
        ['MODIFIED', `${p}ns/b`, b2.rv],
        ['DELETED', `${p}ns/b`, gone.rv],
      ]);
      expect(evs[2]!.object.data).toEqual({ v: '2' }); // DELETED carries the last state …
      expect(rvOf(evs[2]!.object)).toBe(gone.rv); // … at the delete revision
      expect(rvOf(evs[1]!.object)).toBe(b2.rv);
      ac.abort();
      expect((await it.next()).done).toBe(true);
    });

    it('watch from "0" starts with synthetic ADDED events for the current state', async () => {
      const p = prefix();
      await store.create(`${p}ns/a`, obj('a'));
      await store.create(`${p}ns/b`, obj('b'));
      await store.create(`/registry/other-${name}${n}/ns/x`, obj('x')); // outside the prefix
      const ac = new AbortController();
      const it = store.watch(p, { fromRv: '0' }, ac.signal)[Symbol.asyncIterator]();
      const initial = await take(it, 2);
      expect(initial.map((e) => [e.type, nameOf(e.object)]).sort()).toEqual([['ADDED', 'a'], ['ADDED', 'b']]);
      const c = await store.create(`${p}ns/c`, obj('c'));
      expect((await take(it, 1)).map((e) => [e.type, e.rv])).toEqual([['ADDED', c.rv]]);
      ac.abort();
    });

    it('a filtered watch sees objects entering and leaving the filter as ADDED and DELETED', async () => {
      const p = prefix();
      const filter = (o: KubeObject): boolean => (o.metadata?.labels as Record<string, string> | undefined)?.app === 'web';
      const a = await store.create(`${p}ns/a`, obj('a', {}, { app: 'db' }));
      const ac = new AbortController();
      const it = store.watch(p, { fromRv: a.rv, filter }, ac.signal)[Symbol.asyncIterator]();
      const pending = take(it, 3);
      const a2 = await store.update(`${p}ns/a`, obj('a', { data: { v: '2' } }, { app: 'web' }), a.rv);
      const a3 = await store.update(`${p}ns/a`, obj('a', { data: { v: '3' } }, { app: 'web' }), a2.rv);
      const a4 = await store.update(`${p}ns/a`, obj('a', { data: { v: '4' } }, { app: 'db' }), a3.rv);
      const evs = await pending;
      expect(evs.map((e) => [e.type, e.rv])).toEqual([['ADDED', a2.rv], ['MODIFIED', a3.rv], ['DELETED', a4.rv]]);
      expect(evs[2]!.object.data).toEqual({ v: '3' }); // the last state that matched
      ac.abort();
    });
  });

  // Compaction makes every older revision unreadable: these run on their own etcd.
  describe.each(stores)('%s after compaction', (name, make) => {
    let etcd2: TestEtcd;
    let store: Store;
    let raw: Etcd3;
    const p = `/registry/${name.toLowerCase()}-compacted/`;
    let oldRv = '';
    let firstPage: string | undefined;
    beforeAll(async () => {
      etcd2 = await withEtcd();
      raw = new Etcd3({ hosts: etcd2.endpoints });
      const writer = new EtcdStore({ client: raw });
      const a = await writer.create(`${p}ns/a`, obj('a'));
      oldRv = a.rv;
      for (const nm of ['b', 'c', 'd']) await writer.create(`${p}ns/${nm}`, obj(nm));
      firstPage = (await writer.list(p, { limit: 2 })).continue;
      await writer.update(`${p}ns/a`, obj('a', { data: { v: '2' } }), a.rv);
      await raw.kv.compact({ revision: await writer.currentRevision(), physical: true });
      store = make(etcd2.endpoints); // a fresh store: its cache (if any) starts after the compaction
    });
    afterAll(async () => {
      await store?.close();
      raw?.close();
      await etcd2?.stop();
    });

    it('a watch from a compacted revision fails with Compacted', async () => {
      const it = store.watch(p, { fromRv: oldRv }, new AbortController().signal)[Symbol.asyncIterator]();
      await expectCode(it.next(), 'Compacted');
    });

    it('a continue token from a compacted revision fails with Compacted', async () => {
      expect(firstPage).toBeDefined();
      await expectCode(store.list(p, { limit: 2, continue: firstPage }), 'Compacted');
    });

    it('an Exact list at a compacted revision fails with Compacted', async () => {
      await expectCode(store.list(p, { resourceVersion: oldRv, resourceVersionMatch: 'Exact' }), 'Compacted');
    });

    it('watch from "0" still works', async () => {
      const ac = new AbortController();
      const it = store.watch(p, { fromRv: '0' }, ac.signal)[Symbol.asyncIterator]();
      expect((await take(it, 4)).map((e) => nameOf(e.object)).sort()).toEqual(['a', 'b', 'c', 'd']);
      ac.abort();
    });
  });
});
