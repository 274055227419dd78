import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { runSystemNamespaces } from './system-namespaces.js';

describe('system-namespaces loop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ensures the system namespaces every interval until stopped, and survives a failing pass', async () => {
    let calls = 0;
    const ensure = async (): Promise<void> => {
      calls++;
      if (calls === 1) throw new Error('etcd unavailable');
    };
    const ac = new AbortController();
    runSystemNamespaces({ ensure, log: silentLogger(), intervalMs: 1000 }, ac.signal);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(3);
    ac.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(3);
  });
});
