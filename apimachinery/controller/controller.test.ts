import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.js';
import { ApiError } from '../errors.js';
import { Controller } from './controller.js';
import { TerminalError } from './errors.js';
import { FakeInformer } from './informer.js';
import type { ObjectKey } from './keys.js';

function controller(fn: (key: ObjectKey) => Promise<{ requeueAfterMs?: number } | void>, workers = 1) {
  const calls: string[] = [];
  const c = new Controller({
    name: 'test',
    logger: silentLogger(),
    workers,
    reconciler: {
      reconcile: async (key) => {
        calls.push(`${key.namespace ?? ''}/${key.name}`);
        return fn(key);
      },
    },
  });
  return { c, calls };
}

describe('Controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('parses keys and forgets on success', async () => {
    const { c, calls } = controller(async () => {});
    c.enqueue('ns/a');
    c.enqueue({ name: 'node1' });
    const s = new AbortController().signal;
    await c.processNext(s);
    await c.processNext(s);
    expect(calls).toEqual(['ns/a', '/node1']);
    expect(c.queue.numRequeues('ns/a')).toBe(0);
  });

  it.each([
    ['transient error → rate-limited retry', new Error('boom'), 1, 1],
    ['NotFound → done', new ApiError('NotFound', 'gone'), 0, 0],
    ['client-node 404 → done', Object.assign(new Error('x'), { code: 404 }), 0, 0],
    ['TerminalError → not retried', new TerminalError('bad spec'), 0, 0],
  ])('%s', async (_n, err, wantRequeues, wantDelayed) => {
    const { c } = controller(async () => {
      throw err;
    });
    c.enqueue('ns/a');
    await c.processNext(new AbortController().signal);
    expect(c.queue.numRequeues('ns/a')).toBe(wantRequeues);
    expect(c.queue.pendingDelayed()).toBe(wantDelayed);
  });

  it('retries with growing backoff and succeeds', async () => {
    let n = 0;
    const { c, calls } = controller(async () => {
      if (++n < 3) throw new Error('not yet');
    });
    const ctl = new AbortController();
    const run = c.run(ctl.signal);
    c.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(4);
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // 5 ms backoff
    expect(calls.length).toBe(2);
    await vi.advanceTimersByTimeAsync(10); // 10 ms backoff
    expect(calls.length).toBe(3);
    expect(c.queue.numRequeues('ns/a')).toBe(0);
    ctl.abort();
    await run;
  });

  it('requeueAfterMs schedules another look', async () => {
    const { c, calls } = controller(async () => ({ requeueAfterMs: 1000 }));
    const ctl = new AbortController();
    const run = c.run(ctl.signal);
    c.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.length).toBe(2);
    ctl.abort();
    await run;
  });

  it('never runs one key on two workers at once', async () => {
    let active = 0;
    let maxActive = 0;
    const { c, calls } = controller(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
    }, 4);
    const ctl = new AbortController();
    const run = c.run(ctl.signal);
    c.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(1);
    c.enqueue('ns/a');
    c.enqueue('ns/a');
    await vi.advanceTimersByTimeAsync(50);
    expect(maxActive).toBe(1);
    expect(calls.length).toBe(2);
    ctl.abort();
    await run;
  });

  it('waits for informers to sync before starting workers', async () => {
    const inf = new FakeInformer([], false);
    const calls: string[] = [];
    const c = new Controller({
      name: 't',
      logger: silentLogger(),
      waitFor: [inf],
      reconciler: { reconcile: async (k) => void calls.push(k.name) },
    });
    const ctl = new AbortController();
    const run = c.run(ctl.signal);
    c.enqueue('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual([]);
    inf.markSynced();
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['a']);
    ctl.abort();
    await run;
  });
});

describe('errorMessage', () => {
  it('extracts the Status message from a client-node ApiException body', async () => {
    const { errorMessage } = await import('./errors.js');
    const e = Object.assign(new Error('HTTP-Code: 409 ...'), { code: 409, body: JSON.stringify({ kind: 'Status', message: 'the object has been modified', reason: 'Conflict' }) });
    expect(errorMessage(e)).toBe('the object has been modified');
    expect(errorMessage(new Error('plain'))).toBe('plain');
  });
});
