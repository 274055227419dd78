import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ItemExponentialRateLimiter } from './ratelimiter.js';
import { WorkQueue, collectQueues } from './workqueue.js';

describe('WorkQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collapses duplicate adds', async () => {
    const q = new WorkQueue();
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
  });

  it('never hands one key to two workers; a re-add while processing is queued on done', async () => {
    const q = new WorkQueue();
    q.add('k');
    const k = await q.get();
    expect(k).toBe('k');
    q.add('k'); // dirty while processing: must not be queued yet
    expect(q.len()).toBe(0);
    q.add('k');
    expect(q.len()).toBe(0);
    q.done('k');
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('k');
    q.done('k');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting getter on add', async () => {
    const q = new WorkQueue();
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
    // the key is processing: adding again does not give it to another getter
    const p2 = q.get();
    q.add('x');
    let got: string | undefined = 'none';
    void p2.then((v) => (got = v));
    await Promise.resolve();
    expect(got).toBe('none');
    q.done('x');
    expect(await p2).toBe('x');
  });

  it('addAfter delays and keeps the earliest time', async () => {
    const q = new WorkQueue();
    q.addAfter('k', 1000);
    q.addAfter('k', 100);
    q.addAfter('k', 5000);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(99);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.len()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(q.len()).toBe(1);
    expect(q.pendingDelayed()).toBe(0);
  });

  it('rate-limited requeues back off exponentially per key until forget', async () => {
    const q = new WorkQueue();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = q.len();
      q.addRateLimited('k');
      let waited = 0;
      while (q.len() === before && waited < 10_000) {
        vi.advanceTimersByTime(1);
        waited++;
      }
      delays.push(waited);
      q.done((await q.get())!);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(q.numRequeues('k')).toBe(4);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('shutDown releases waiting getters, drops delayed keys and refuses new ones', async () => {
    const q = new WorkQueue();
    q.add('queued');
    q.addAfter('later', 100);
    await q.get(); // take 'queued'
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('new');
    vi.advanceTimersByTime(200);
    expect(q.len()).toBe(0);
    expect(await q.get()).toBeUndefined();
  });

  it('still hands out keys queued before shutdown (drain)', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.shutDown();
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBeUndefined();
  });

  it('get resolves undefined when its signal aborts', async () => {
    const q = new WorkQueue();
    const ctl = new AbortController();
    const p = q.get(ctl.signal);
    ctl.abort();
    expect(await p).toBeUndefined();
    q.add('a'); // the aborted getter must not swallow this key
    expect(q.len()).toBe(1);
  });
});

describe('ItemExponentialRateLimiter', () => {
  it.each([
    ['first failure', 0, 5],
    ['second', 1, 10],
    ['tenth', 9, 2560],
    ['capped at 1000 s', 40, 1_000_000],
    ['far beyond (no overflow)', 2000, 1_000_000],
  ])('%s', (_name, prior, want) => {
    const rl = new ItemExponentialRateLimiter();
    for (let i = 0; i < prior; i++) rl.when('k');
    expect(rl.when('k')).toBe(want);
  });

  it('tracks keys independently', () => {
    const rl = new ItemExponentialRateLimiter();
    rl.when('a');
    rl.when('a');
    expect(rl.when('b')).toBe(5);
    expect(rl.numRequeues('a')).toBe(2);
  });

  it('counts adds that were not already waiting, and rate-limited retries', async () => {
    const q = new WorkQueue({ name: 'things' });
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.adds).toBe(2);
    const key = await q.get();
    q.addRateLimited(key!);
    q.done(key!);
    expect(q.retries).toBe(1);
    expect(q.len()).toBe(1);
  });

  it('collectQueues returns the named queues created while building, and only those', () => {
    const early = new WorkQueue({ name: 'before' });
    const { result, queues } = collectQueues(() => [new WorkQueue({ name: 'one' }), new WorkQueue()]);
    expect(queues).toEqual([result[0]]);
    expect(collectQueues(() => new WorkQueue({ name: 'two' })).queues.map((q) => q.name)).toEqual(['two']);
    expect(queues).not.toContain(early);
  });
});
