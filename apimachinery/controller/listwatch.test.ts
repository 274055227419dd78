import { KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.js';
import { fakeListWatches } from './fakelistwatch.js';
import { ListWatchInformer } from './listwatch.js';

const pod = (name: string): KubernetesObject => ({ metadata: { namespace: 'ns', name, resourceVersion: '1' } });

function informer(opts: { resyncPeriodMs?: number; list?: () => Promise<KubernetesListObject<KubernetesObject>> } = {}) {
  const { list = async () => ({ items: [pod('a')] }), ...rest } = opts;
  const { make, made } = fakeListWatches();
  const inf = new ListWatchInformer<KubernetesObject>(
    new KubeConfig(),
    { path: '/api/v1/pods', list },
    { logger: silentLogger(), makeListWatch: make, minBackoffMs: 500, maxBackoffMs: 2000, ...rest },
  );
  return { inf, lw: () => made[0]! };
}

describe('ListWatchInformer lifecycle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('restarts a failed list/watch with exponential backoff, capped, reset after a good start', async () => {
    const { inf, lw } = informer();
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(lw().starts).toBe(1);
    expect(inf.hasSynced()).toBe(true);
    expect(inf.store.list().map((o) => o.metadata?.name)).toEqual(['a']);

    // The watch breaks; the restarts fail: 500, 1000, 2000, 2000 ms apart.
    lw().next = new Error('connection refused');
    lw().emit('error', new Error('watch closed'));
    const startsAt = async (ms: number, want: number): Promise<void> => {
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(lw().starts).toBe(want - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(lw().starts).toBe(want);
    };
    await startsAt(500, 2);
    await startsAt(1000, 3);
    await startsAt(2000, 4);
    await startsAt(2000, 5);

    // It comes back: the backoff starts again from the minimum after the next failure.
    lw().next = undefined;
    await startsAt(2000, 6);
    lw().emit('error', new Error('watch closed'));
    await startsAt(500, 7);

    ac.abort();
    await running;
    expect(lw().stops).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lw().starts).toBe(7);
  });

  it('is not synced until a list succeeds', async () => {
    let failures = 2;
    const { inf, lw } = informer({
      list: async () => {
        if (failures-- > 0) throw new Error('forbidden');
        return { items: [pod('a')] };
      },
    });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(inf.hasSynced()).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(inf.hasSynced()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(lw().starts).toBe(3);
    expect(inf.hasSynced()).toBe(true);
    ac.abort();
    await running;
  });

  it('resyncs: re-delivers the cache as updates every resyncPeriodMs', async () => {
    const { inf } = informer({ resyncPeriodMs: 30_000 });
    const updates: string[] = [];
    inf.addEventHandler({ onUpdate: (o, n) => updates.push(`${o.metadata?.name}:${o === n}`) });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(updates).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(updates).toEqual(['a:true']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(updates).toEqual(['a:true', 'a:true']);
    ac.abort();
    await running;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(updates).toHaveLength(2);
  });
});
