// Leader election on a Lease, with client-go's semantics: acquire when the lease is free or its
// holder hasn't renewed within leaseDuration (measured on our own clock from when we last saw the
// record change), renew every retryPeriod, give up leadership when renewals fail for renewDeadline,
// and release the lease on shutdown so a standby takes over at once.
import type { Logger } from '../../apimachinery/log.js';

export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** Storage of the lease (coordination.k8s.io/v1 over client-node, or a fake). Conflicts throw. */
export interface LeaseLock {
  get(signal: AbortSignal): Promise<{ record: LeaseRecord; resourceVersion: string } | undefined>;
  create(record: LeaseRecord, signal: AbortSignal): Promise<void>;
  update(record: LeaseRecord, resourceVersion: string, signal: AbortSignal): Promise<void>;
  describe(): string;
}

export interface ElectorOptions {
  lock: LeaseLock;
  identity: string;
  logger: Logger;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  releaseOnCancel?: boolean;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class LeadershipLostError extends Error {
  constructor(lock: string) {
    super(`leaderelection lost for ${lock}`);
    this.name = 'LeadershipLostError';
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class LeaderElector {
  private readonly o: Required<Omit<ElectorOptions, 'logger' | 'lock' | 'identity'>> & Pick<ElectorOptions, 'logger' | 'lock' | 'identity'>;
  private observed?: string;
  private observedAt = 0;
  private leading = false;

  constructor(opts: ElectorOptions) {
    this.o = {
      leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000, releaseOnCancel: true,
      now: Date.now, sleep: abortableSleep, ...opts,
    };
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** One acquire-or-renew round; false when someone else holds a live lease or on conflict. */
  async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { lock, identity } = this.o;
    const now = this.o.now();
    const fresh: LeaseRecord = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.o.leaseDurationMs / 1000),
      acquireTime: iso(now),
      renewTime: iso(now),
      leaseTransitions: 0,
    };
    try {
      const got = await lock.get(signal);
      if (!got) {
        await lock.create(fresh, signal);
        this.observe(fresh, now);
        return true;
      }
      const rec = got.record;
      const seen = JSON.stringify(rec);
      if (seen !== this.observed) this.observe(rec, now);
      const heldByOther = !!rec.holderIdentity && rec.holderIdentity !== identity;
      if (heldByOther && this.observedAt + (rec.leaseDurationSeconds ?? 0) * 1000 > now) return false;
      const mine = rec.holderIdentity === identity;
      const next: LeaseRecord = {
        ...fresh,
        acquireTime: mine ? rec.acquireTime : iso(now),
        leaseTransitions: mine ? rec.leaseTransitions ?? 0 : (rec.leaseTransitions ?? 0) + 1,
      };
      await lock.update(next, got.resourceVersion, signal);
      this.observe(next, now);
      return true;
    } catch (err) {
      this.o.logger.warn({ err: err instanceof Error ? err.message : String(err), lock: lock.describe() }, 'error acquiring or renewing lease');
      return false;
    }
  }

  private observe(rec: LeaseRecord, now: number): void {
    this.observed = JSON.stringify(rec);
    this.observedAt = now;
  }

  /**
   * Blocks until leadership is acquired, runs `lead` with a signal that aborts when leadership ends,
   * and keeps renewing. Resolves when `signal` aborts (after releasing the lease); rejects with
   * LeadershipLostError when renewals fail for renewDeadline.
   */
  async run(signal: AbortSignal, lead: (leaderSignal: AbortSignal) => Promise<void>): Promise<void> {
    const { logger, lock } = this.o;
    while (!signal.aborted && !(await this.tryAcquireOrRenew(signal))) await this.o.sleep(this.o.retryPeriodMs, signal);
    if (signal.aborted) return;
    this.leading = true;
    logger.info({ lock: lock.describe(), identity: this.o.identity }, 'successfully acquired lease');
    const leaderAc = new AbortController();
    const onAbort = (): void => leaderAc.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const leading = lead(leaderAc.signal).catch((err: unknown) => {
      logger.error({ err }, 'leader callback failed');
      leaderAc.abort(err);
    });
    let lastRenew = this.o.now();
    let lost = false;
    try {
      while (!leaderAc.signal.aborted) {
        await this.o.sleep(this.o.retryPeriodMs, leaderAc.signal);
        if (leaderAc.signal.aborted) break;
        if (await this.tryAcquireOrRenew(leaderAc.signal)) {
          lastRenew = this.o.now();
        } else if (this.o.now() - lastRenew >= this.o.renewDeadlineMs) {
          lost = true;
          break;
        }
      }
    } finally {
      this.leading = false;
      signal.removeEventListener('abort', onAbort);
      leaderAc.abort(lost ? new LeadershipLostError(lock.describe()) : signal.reason);
      await leading;
    }
    if (lost) {
      logger.error({ lock: lock.describe() }, 'leaderelection lost');
      throw new LeadershipLostError(lock.describe());
    }
    if (this.o.releaseOnCancel) await this.release();
  }

  /** Gives the lease up (holder cleared, 1 s duration) if we still hold it. */
  async release(): Promise<void> {
    const ac = new AbortController();
    try {
      const got = await this.o.lock.get(ac.signal);
      if (!got || got.record.holderIdentity !== this.o.identity) return;
      const now = iso(this.o.now());
      await this.o.lock.update({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: got.record.leaseTransitions }, got.resourceVersion, ac.signal);
    } catch (err) {
      this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'failed to release lease');
    }
  }
}
