// Watch-cache specific behaviour on a real etcd: fan-out, slow watchers, bookmarks, the ring, and
// which lists are served from memory.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { etcdAvailable, etcdSkipReason, withEtcd, type TestEtcd } from '../../test/etcd.js';
import { CachedStore, defaultResourcePrefix } from './watch-cache.js';
import { EtcdStore } from './etcd-store.js';
import { StorageError, type KubeObject, type WatchEvent } from './types.js';

const obj = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data,
});

async function next(it: AsyncIterator<WatchEvent>, timeoutMs = 10_000): Promise<IteratorResult<WatchEvent>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      it.next(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('no event in time')), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function take(it: AsyncIterator<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  while (out.length < n) {
    const r = await next(it);
    if (r.done) throw new Error(`watch ended after ${out.length}/${n}`);
    out.push(r.value);
  }
  return out;
}

describe('defaultResourcePrefix', () => {
  it.each([
    ['/registry/pods/ns/name', '/registry/pods/'],
    ['/registry/pods/ns/', '/registry/pods/'],
    ['/registry/pods/', '/registry/pods/'],
    ['/registry/nodes/n1', '/registry/nodes/'],
  ])('%s → %s', (input, want) => {
    expect(defaultResourcePrefix(input)).toBe(want);
  });
});

describe.skipIf(!etcdAvailable)(`CachedStore${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  let store: CachedStore | undefined;
  let n = 0;
  const prefix = (): string => `/registry/wc${++n}/`;
  const ctl: AbortController[] = [];
  const signal = (): AbortSignal => {
    const c = new AbortController();
    ctl.push(c);
    return c.signal;
  };
  const make = (opts: ConstructorParameters<typeof CachedStore>[1] = {}): CachedStore =>
    (store = new CachedStore(new EtcdStore({ endpoints: etcd.endpoints }), opts));

  beforeAll(async () => {
    etcd = await withEtcd();
  });
  afterEach(async () => {
    for (const c of ctl.splice(0)) c.abort();
    await store?.close();
    store = undefined;
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('fans every event out to 100 watchers, in order, over one etcd watch', async () => {
    const s = make();
    const p = prefix();
    const its = Array.from({ length: 100 }, () => s.watch(p, { fromRv: '0' }, signal())[Symbol.asyncIterator]());
    const firsts = its.map((it) => next(it)); // starts every watcher
    const rvs: string[] = [];
    for (let i = 0; i < 30; i++) rvs.push((await s.create(`${p}ns/o${i}`, obj(`o${i}`))).rv);
    await Promise.all(firsts);
    const rest = await Promise.all(its.map((it) => take(it, 29)));
    for (let w = 0; w < its.length; w++) {
      const got = [(await firsts[w]!).value as WatchEvent, ...rest[w]!];
      expect(got.map((e) => e.rv)).toEqual(rvs);
    }
    expect(s.cacheFor(p).watcherCount).toBe(100);
  });

  it('drops a watcher that never reads without holding up the others', async () => {
    const s = make({ watcherBufferSize: 10 });
    const p = prefix();
    const slow = s.watch(p, { fromRv: '0' }, signal())[Symbol.asyncIterator]();
    const fast = s.watch(p, { fromRv: '0' }, signal())[Symbol.asyncIterator]();
    const slowFirst = next(slow);
    const fastFirst = next(fast);
    await s.create(`${p}ns/first`, obj('first'));
    await Promise.all([slowFirst, fastFirst]);
    expect(s.cacheFor(p).watcherCount).toBe(2);
    // the fast watcher reads each event before the next write; the slow one reads nothing
    for (let i = 0; i < 20; i++) {
      const c = await s.create(`${p}ns/o${i}`, obj(`o${i}`));
      expect((await next(fast)).value).toMatchObject({ type: 'ADDED', rv: c.rv });
    }
    expect(s.cacheFor(p).watcherCount).toBe(1); // the slow one is gone already
    await expect(slow.next()).rejects.toMatchObject({ code: 'Compacted', message: expect.stringMatching(/too slow/) });
  });

  it('sends BOOKMARKs with the cache revision at the injected interval, only when asked', async () => {
    const s = make({ bookmarkIntervalMs: 30 });
    const p = prefix();
    await s.list(p, { resourceVersion: '0' }); // cache running: the watches start before the write
    const withMarks = s.watch(p, { fromRv: '0', bookmarks: true }, signal())[Symbol.asyncIterator]();
    const without = s.watch(p, { fromRv: '0' }, signal())[Symbol.asyncIterator]();
    const a = next(withMarks);
    const b = next(without);
    const created = await s.create(`${p}ns/a`, obj('a'));
    expect((await a).value).toMatchObject({ type: 'ADDED', rv: created.rv });
    expect((await b).value).toMatchObject({ type: 'ADDED', rv: created.rv });
    const mark = (await next(withMarks)).value as WatchEvent;
    expect(mark.type).toBe('BOOKMARK');
    expect(Number(mark.rv)).toBeGreaterThanOrEqual(Number(created.rv));
    expect(mark.object.metadata?.resourceVersion).toBe(mark.rv);
    const later = await s.create(`${p}ns/b`, obj('b'));
    const ev = (await next(without)).value as WatchEvent; // no BOOKMARK in between for this one
    expect([ev.type, ev.rv]).toEqual(['ADDED', later.rv]);
  });

  it('replays from the ring while the revision is in it and answers Compacted once it has rolled off', async () => {
    const s = make({ ringSize: 5 });
    const p = prefix();
    await s.list(p, { resourceVersion: '0' }); // start the cache
    const rvs: string[] = [];
    for (let i = 0; i < 10; i++) rvs.push((await s.create(`${p}ns/o${i}`, obj(`o${i}`))).rv);
    expect(await s.waitForRevision(p, rvs[9]!, 5000)).toBe(true);
    const recent = s.watch(p, { fromRv: rvs[5] }, signal())[Symbol.asyncIterator]();
    expect((await take(recent, 4)).map((e) => e.rv)).toEqual(rvs.slice(6));
    const old = s.watch(p, { fromRv: rvs[2] }, signal())[Symbol.asyncIterator]();
    await expect(old.next()).rejects.toBeInstanceOf(StorageError);
  });

  it('serves rv "0" and NotOlderThan lists from memory and consistent lists from etcd', async () => {
    const s = make({ waitForCacheMs: 2000 });
    const p = prefix();
    await s.list(p, { resourceVersion: '0' });
    const a = await s.create(`${p}ns/a`, obj('a', { v: '1' }));
    const zero = await s.list(p, { resourceVersion: '0' });
    const notOlder = await s.list(p, { resourceVersion: a.rv, resourceVersionMatch: 'NotOlderThan' });
    expect(notOlder.items.map((i) => i.rv)).toEqual([a.rv]);
    expect(notOlder.items[0]!.object).toBe(zero.items[0]!.object); // the very same cached object
    const consistent = await s.list(p);
    expect(consistent.items[0]!.object).toEqual(zero.items[0]!.object);
    expect(consistent.items[0]!.object).not.toBe(zero.items[0]!.object); // decoded afresh from etcd
  });

  it('falls back to etcd for a NotOlderThan list the cache cannot reach in time', async () => {
    const s = make({ waitForCacheMs: 20 });
    const p = prefix();
    await s.list(p, { resourceVersion: '0' });
    // a write to another resource moves the store revision but not this cache
    const other = await s.create(`/registry/elsewhere${n}/ns/x`, obj('x'));
    const res = await s.list(p, { resourceVersion: other.rv, resourceVersionMatch: 'NotOlderThan' });
    expect(Number(res.rv)).toBeGreaterThanOrEqual(Number(other.rv));
    await expect(s.list(p, { resourceVersion: '999999999', resourceVersionMatch: 'NotOlderThan' })).rejects.toMatchObject({
      code: 'TooLargeResourceVersion',
    });
  });

  it('pages a cached list with continue tokens that etcd resumes at the cache revision', async () => {
    const s = make({ waitForCacheMs: 2000 });
    const p = prefix();
    await s.list(p, { resourceVersion: '0' });
    let last = '';
    for (let i = 0; i < 5; i++) last = (await s.create(`${p}ns/o${i}`, obj(`o${i}`))).rv;
    expect(await s.waitForRevision(p, last, 5000)).toBe(true);
    const first = await s.list(p, { resourceVersion: '0', limit: 2 });
    expect(first.items.map((i) => i.object.metadata?.name)).toEqual(['o0', 'o1']);
    expect(first.remainingItemCount).toBe(3);
    await s.create(`${p}ns/o5`, obj('o5'));
    const second = await s.list(p, { continue: first.continue });
    expect(second.items.map((i) => i.object.metadata?.name)).toEqual(['o2', 'o3', 'o4']);
  });

  it('serves a namespace-scoped watch from the resource cache', async () => {
    const s = make();
    const p = prefix();
    const it = s.watch(`${p}ns2/`, { fromRv: '0' }, signal())[Symbol.asyncIterator]();
    const first = next(it);
    await s.create(`${p}ns1/a`, obj('a'));
    const b = await s.create(`${p}ns2/b`, obj('b'));
    expect((await first).value).toMatchObject({ type: 'ADDED', key: `${p}ns2/b`, rv: b.rv });
    expect(s.cacheFor(`${p}ns1/`)).toBe(s.cacheFor(p));
  });

  it('can serve a watch from the revision of a consistent list made before the cache existed', async () => {
    const s = make();
    const p = prefix();
    await s.create(`${p}ns/a`, obj('a'));
    const listed = await s.list(p); // consistent read from etcd; the cache starts at its revision
    const b = await s.create(`${p}ns/b`, obj('b'));
    const it = s.watch(p, { fromRv: listed.rv }, signal())[Symbol.asyncIterator]();
    expect((await next(it)).value).toMatchObject({ type: 'ADDED', rv: b.rv });
  });

  it('a reset ends every watcher with Compacted and the cache starts afresh on next use', async () => {
    const s = make();
    const p = prefix();
    const a = await s.create(`${p}ns/a`, obj('a'));
    const it = s.watch(p, { fromRv: '0' }, signal())[Symbol.asyncIterator]();
    expect((await next(it)).value).toMatchObject({ type: 'ADDED', rv: a.rv });
    s.cacheFor(p).reset(new StorageError('Compacted', p, 'reset'));
    await expect(it.next()).rejects.toMatchObject({ code: 'Compacted' });
    expect(s.cacheFor(p).ready).toBe(false);
    const listed = await s.list(p, { resourceVersion: '0' });
    expect(listed.items.map((i) => i.rv)).toEqual([a.rv]);
  });
});

describe.skipIf(!etcdAvailable)(`CachedStore with etcd progress notifications${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await withEtcd({ progressNotifyIntervalMs: 200 });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('moves an idle cache to the store revision, for NotOlderThan reads and bookmarks', async () => {
    const s = new CachedStore(new EtcdStore({ endpoints: etcd.endpoints }), { bookmarkIntervalMs: 100 });
    const ac = new AbortController();
    try {
      const p = '/registry/idle/';
      await s.list(p, { resourceVersion: '0' });
      const it = s.watch(p, { fromRv: '0', bookmarks: true }, ac.signal)[Symbol.asyncIterator]();
      const mark = next(it);
      const other = await s.create('/registry/busy/ns/x', obj('x')); // moves the store revision only
      expect(await s.waitForRevision(p, other.rv, 5000)).toBe(true);
      const ev = (await mark).value as WatchEvent;
      expect(ev.type).toBe('BOOKMARK');
      expect(Number(ev.rv)).toBeGreaterThanOrEqual(Number(other.rv));
    } finally {
      ac.abort();
      await s.close();
    }
  });
});
