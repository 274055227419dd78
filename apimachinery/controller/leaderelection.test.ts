import type { V1Lease } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors.js';
import { silentLogger } from '../log.js';
import { LeaderElector, type LeaseClient } from './leaderelection.js';

/** An in-memory Lease endpoint with resourceVersion preconditions. */
class MemLeases implements LeaseClient {
  lease?: V1Lease;
  rv = 0;
  down = false;
  async get(): Promise<V1Lease | undefined> {
    if (this.down) throw new Error('connection refused');
    return this.lease ? structuredClone(this.lease) : undefined;
  }
  async create(l: V1Lease): Promise<V1Lease> {
    if (this.down) throw new Error('connection refused');
    if (this.lease) throw new ApiError('AlreadyExists', 'exists');
    this.lease = { ...structuredClone(l), metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }
  async update(l: V1Lease): Promise<V1Lease> {
    if (this.down) throw new Error('connection refused');
    if (l.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw new ApiError('Conflict', 'stale');
    this.lease = { ...structuredClone(l), metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }
}

const timings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

function elector(id: string, client: LeaseClient) {
  return new LeaderElector({ namespace: 'kube-system', name: 'kube-controller-manager', identity: id, client, logger: silentLogger(), ...timings });
}

describe('LeaderElector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('acquires a free lease, renews it, releases on stop', async () => {
    const leases = new MemLeases();
    const a = elector('a', leases);
    const ctl = new AbortController();
    let leading: AbortSignal | undefined;
    const run = a.run(ctl.signal, async (s) => {
      leading = s;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(leading).toBeDefined();
    expect(leases.lease?.spec?.holderIdentity).toBe('a');
    expect(leases.lease?.spec?.leaseTransitions).toBe(0);
    const rv = leases.rv;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(leases.rv).toBeGreaterThan(rv); // renewed
    ctl.abort();
    expect(await run).toBe('stopped');
    expect(leading!.aborted).toBe(true);
    expect(leases.lease?.spec?.holderIdentity).toBe('');
  });

  it('a second candidate waits for the lease to expire on its own clock, then takes over', async () => {
    const leases = new MemLeases();
    const aCtl = new AbortController();
    const a = elector('a', leases);
    void a.run(aCtl.signal, (s) => new Promise((r) => s.addEventListener('abort', () => r())));
    await vi.advanceTimersByTimeAsync(0);
    const b = elector('b', leases);
    let bLeading = false;
    const bCtl = new AbortController();
    void b.run(bCtl.signal, async (s) => {
      bLeading = true;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(bLeading).toBe(false); // a keeps renewing
    aCtl.abort(); // a releases on stop
    await vi.advanceTimersByTimeAsync(6_000);
    expect(bLeading).toBe(true);
    expect(leases.lease?.spec?.holderIdentity).toBe('b');
    expect(leases.lease?.spec?.leaseTransitions).toBe(1);
    bCtl.abort();
    await vi.advanceTimersByTimeAsync(0);
  });

  it('takes over from a dead holder only after leaseDuration without a renew', async () => {
    const leases = new MemLeases();
    leases.lease = {
      metadata: { name: 'kube-controller-manager', namespace: 'kube-system', resourceVersion: '1' },
      spec: { holderIdentity: 'dead', leaseDurationSeconds: 15, renewTime: new Date(0), leaseTransitions: 3 },
    };
    leases.rv = 1;
    const b = elector('b', leases);
    let at = -1;
    const ctl = new AbortController();
    const start = Date.now();
    void b.run(ctl.signal, async (s) => {
      at = Date.now() - start;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(14_000);
    expect(at).toBe(-1);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(at).toBeGreaterThanOrEqual(15_000);
    expect(leases.lease?.spec?.leaseTransitions).toBe(4);
    ctl.abort();
    await vi.advanceTimersByTimeAsync(0);
  });

  it('gives up leadership when renewals fail for renewDeadline', async () => {
    const leases = new MemLeases();
    const a = elector('a', leases);
    let leading: AbortSignal | undefined;
    const run = a.run(new AbortController().signal, async (s) => {
      leading = s;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(0);
    leases.down = true;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(leading!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(leading!.aborted).toBe(true);
    expect(await run).toBe('lost');
  });

  it('gives the lease up and rejects when the leader work fails', async () => {
    const leases = new MemLeases();
    const a = elector('a', leases);
    const run = a.run(new AbortController().signal, async () => {
      throw new Error('scheduler crashed');
    });
    const failed = expect(run).rejects.toThrow('scheduler crashed');
    await vi.advanceTimersByTimeAsync(0);
    await failed;
    expect(a.isLeader()).toBe(false);
    expect(leases.lease?.spec?.holderIdentity).toBe('');
    // A standby takes over at once instead of waiting for the lease to expire.
    const b = elector('b', leases);
    const ac = new AbortController();
    let bLeads = false;
    const runB = b.run(ac.signal, async (s) => {
      bLeads = true;
      await new Promise((r) => s.addEventListener('abort', r));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(bLeads).toBe(true);
    ac.abort();
    await runB;
  });
});
