// The compactor against a real etcd: each round compacts to what the previous round saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdAvailable, etcdSkipReason, withEtcd, type TestEtcd } from '../../test/etcd.js';
import { newCompactor, startCompactor } from './compactor.js';
import { EtcdStore } from './etcd-store.js';

describe.skipIf(!etcdAvailable)(`compactor${etcdSkipReason}`, () => {
  let etcd: TestEtcd;
  let store: EtcdStore;
  beforeAll(async () => {
    etcd = await withEtcd();
    store = new EtcdStore({ endpoints: etcd.endpoints });
  });
  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
  });

  const readableAt = async (rv: number): Promise<boolean> =>
    store.list('/registry/c/', { resourceVersion: String(rv), resourceVersionMatch: 'Exact' }).then(
      () => true,
      (err: { code?: string }) => {
        if (err.code === 'Compacted') return false;
        throw err;
      },
    );

  it('keeps one round of history: round n compacts to the revision seen in round n-1', async () => {
    const c = newCompactor(store);
    const a = Number((await store.create('/registry/c/a', { metadata: { name: 'a' } })).rv);
    const first = await c.tick();
    expect(first.compacted).toBeUndefined(); // nothing seen one interval ago
    const b = Number((await store.create('/registry/c/b', { metadata: { name: 'b' } })).rv);
    const second = await c.tick();
    expect(second.compacted).toBe(first.seen);
    expect(await readableAt(a)).toBe(false);
    expect(await readableAt(first.seen)).toBe(true);
    expect(await readableAt(b)).toBe(true);
  });

  it('lets only one of two API servers compact in a round', async () => {
    const x = newCompactor(store);
    const y = newCompactor(store);
    await x.tick();
    await y.tick(); // y learns x's count
    await store.create('/registry/c/c', { metadata: { name: 'c' } });
    const rx = await x.tick();
    const ry = await y.tick();
    expect([rx.compacted !== undefined, ry.compacted !== undefined]).toEqual([true, false]);
  });

  it('runs rounds on its timer until the signal aborts', async () => {
    const ticks: (() => void)[] = [];
    let stopped = false;
    const ac = new AbortController();
    const comp = startCompactor(store, {
      intervalMs: 1000,
      signal: ac.signal,
      every: (fn, ms) => {
        expect(ms).toBe(1000);
        ticks.push(fn);
        return () => (stopped = true);
      },
    });
    const before = Number(await store.currentRevision());
    ticks[0]!(); // a timer round: it only records what it sees (another compactor agreed the last round)
    ac.abort();
    await comp.done; // waits for the running round
    expect(stopped).toBe(true);
    const manual = await comp.tick(); // compacts to what the timer round saw
    expect(manual.compacted).toBeGreaterThanOrEqual(before);
    expect(stopped).toBe(true);
  });
});
