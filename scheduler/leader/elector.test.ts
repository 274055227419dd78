import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { LeaderElector, LeadershipLostError, type LeaseLock, type LeaseRecord } from './elector.js';

class MemoryLock implements LeaseLock {
  record?: LeaseRecord;
  rv = 0;
  failing = false;
  async get() {
    if (this.failing) throw new Error('apiserver down');
    return this.record ? { record: { ...this.record }, resourceVersion: String(this.rv) } : undefined;
  }
  async create(r: LeaseRecord) {
    if (this.failing) throw new Error('apiserver down');
    if (this.record) throw new Error('AlreadyExists');
    this.record = { ...r };
    this.rv++;
  }
  async update(r: LeaseRecord, rv: string) {
    if (this.failing) throw new Error('apiserver down');
    if (rv !== String(this.rv)) throw new Error('Conflict');
    this.record = { ...r };
    this.rv++;
  }
  describe() {
    return 'kube-system/kube-scheduler';
  }
}

const elector = (lock: LeaseLock, identity: string) =>
  new LeaderElector({ lock, identity, logger: silentLogger(), leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 });

describe('LeaderElector', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('only one of two candidates leads; the other takes over after release', async () => {
    const lock = new MemoryLock();
    const a = elector(lock, 'a');
    const b = elector(lock, 'b');
    const acA = new AbortController();
    const acB = new AbortController();
    const led: string[] = [];
    const runA = a.run(acA.signal, async (s) => {
      led.push('a');
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(0);
    const runB = b.run(acB.signal, async (s) => {
      led.push('b');
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(led).toEqual(['a']);
    expect(lock.record!.holderIdentity).toBe('a');
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    acA.abort();
    await runA;
    expect(lock.record!.holderIdentity).toBe('');
    await vi.advanceTimersByTimeAsync(2000);
    expect(led).toEqual(['a', 'b']);
    expect(lock.record!.leaseTransitions).toBe(1);
    acB.abort();
    await runB;
  });

  it('takes over an expired lease of a crashed holder only after leaseDuration', async () => {
    const lock = new MemoryLock();
    lock.record = { holderIdentity: 'dead', leaseDurationSeconds: 15, renewTime: new Date(0).toISOString(), leaseTransitions: 3 };
    const b = elector(lock, 'b');
    const ac = new AbortController();
    let leading = false;
    const run = b.run(ac.signal, async (s) => {
      leading = true;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(14_000);
    expect(leading).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(leading).toBe(true);
    expect(lock.record!).toMatchObject({ holderIdentity: 'b', leaseTransitions: 4 });
    ac.abort();
    await run;
  });

  it('renews every retryPeriod and gives up after renewDeadline of failures', async () => {
    const lock = new MemoryLock();
    const a = elector(lock, 'a');
    let stopped = false;
    const run = a.run(new AbortController().signal, async (s) => {
      await new Promise((r) => s.addEventListener('abort', r));
      stopped = true;
    });
    const failure = expect(run).rejects.toBeInstanceOf(LeadershipLostError);
    await vi.advanceTimersByTimeAsync(0);
    const rv = lock.rv;
    await vi.advanceTimersByTimeAsync(6000);
    expect(lock.rv).toBe(rv + 3);
    lock.failing = true;
    await vi.advanceTimersByTimeAsync(8000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    await failure;
    expect(stopped).toBe(true);
    expect(a.isLeader()).toBe(false);
  });
});
