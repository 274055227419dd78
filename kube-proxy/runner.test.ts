// The sync runner under fake timers: coalescing, no overlap, periodic resync, retry after failure.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../apimachinery/log.js';
import { SyncRunner } from './runner.js';

const opts = { coalesceMs: 10, periodMs: 30_000, retryMs: 1000, logger: silentLogger() };

describe('SyncRunner', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('syncs at start, then coalesces a burst of changes into one sync', async () => {
    let n = 0;
    const r = new SyncRunner(async () => void n++, opts);
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(1);
    for (let i = 0; i < 50; i++) r.request();
    await vi.advanceTimersByTimeAsync(9);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(n).toBe(2);
    ac.abort();
    await done;
  });

  it('does not sync on changes before run(): the caches may not be filled yet (a restart must not write half a view)', async () => {
    let n = 0;
    const r = new SyncRunner(async () => void n++, opts);
    for (let i = 0; i < 5; i++) r.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(n).toBe(0);
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(n).toBe(1);
    ac.abort();
    await done;
  });

  it('never overlaps syncs: a change during a sync runs one more afterwards', async () => {
    let active = 0;
    let maxActive = 0;
    let n = 0;
    const r = new SyncRunner(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((res) => setTimeout(res, 50));
      active--;
      n++;
    }, opts);
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await vi.advanceTimersByTimeAsync(5);
    r.request();
    r.request();
    await vi.advanceTimersByTimeAsync(200);
    expect(n).toBe(2);
    expect(maxActive).toBe(1);
    ac.abort();
    await done;
  });

  it.each([
    { name: 'resyncs every period', fail: false, after: 30_000, want: 2 },
    { name: 'retries a failed sync after retryMs', fail: true, after: 1000, want: 2 },
  ])('$name', async ({ fail, after, want }) => {
    let n = 0;
    const r = new SyncRunner(async () => {
      n++;
      if (fail && n === 1) throw new Error('nft refused');
    }, opts);
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(after - 1);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(n).toBe(want);
    ac.abort();
    await done;
  });

  it('stops scheduling after abort', async () => {
    let n = 0;
    const r = new SyncRunner(async () => void n++, opts);
    const ac = new AbortController();
    const done = r.run(ac.signal);
    await vi.advanceTimersByTimeAsync(0);
    ac.abort();
    await done;
    r.request();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(n).toBe(1);
  });
});
