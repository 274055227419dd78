// Leader election on a coordination.k8s.io/v1 Lease (client-go tools/leaderelection): acquire when
// the lease is free or its holder has not renewed within leaseDuration (measured on our own clock
// from when we last saw the record change), renew every retryPeriod, give up leadership when a
// renew has not succeeded for renewDeadline. Timings and clock are injectable.
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { jitter, realClock, sleep, type Clock } from './clock.js';
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from './errors.js';

export interface LeaseClient {
  /** undefined when the lease does not exist. */
  get(namespace: string, name: string): Promise<V1Lease | undefined>;
  create(lease: V1Lease): Promise<V1Lease>;
  /** Replace with the lease's resourceVersion as precondition (Conflict when stale). */
  update(lease: V1Lease): Promise<V1Lease>;
}

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  client: LeaseClient;
  logger: Logger;
  clock?: Clock;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Clear the holder when stopping, so a successor need not wait for expiry. */
  releaseOnCancel?: boolean;
}

export type LeadingOutcome = 'stopped' | 'lost';

/** What a component throws when it lost the lease (its process should exit and be restarted). */
export class LeadershipLostError extends Error {
  constructor(lease: string) {
    super(`leaderelection lost for ${lease}`);
    this.name = 'LeadershipLostError';
  }
}

interface Observed {
  holder: string;
  renewTime: string;
  transitions: number;
}

function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : '';
}

export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private observed?: Observed;
  private observedAt = 0;
  private lease?: V1Lease;
  private leading = false;

  constructor(private readonly o: LeaderElectionOptions) {
    this.clock = o.clock ?? realClock;
    this.leaseDurationMs = o.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = o.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = o.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Blocks until leadership is acquired (or `signal` aborts), runs `lead` with a signal that aborts
   * when leadership is lost or `signal` aborts, and resolves how leading ended. When `lead` itself
   * fails, leadership is given up (the lease released) and run rejects with its error: a leader that
   * no longer works must not keep the lease from a standby.
   */
  async run(signal: AbortSignal, lead: (leading: AbortSignal) => Promise<void>): Promise<LeadingOutcome> {
    const log = this.o.logger.child({ lease: `${this.o.namespace}/${this.o.name}`, identity: this.o.identity });
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(log)) break;
      await sleep(jitter(this.retryPeriodMs, 1.2), signal, this.clock);
    }
    if (signal.aborted) return 'stopped';
    log.info('acquired leadership');
    this.leading = true;
    const leadCtl = new AbortController();
    const onAbort = (): void => leadCtl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let failure: { err: unknown } | undefined;
    const work = lead(leadCtl.signal).catch((err: unknown) => {
      log.error({ err: errorMessage(err) }, 'leader work failed; giving up leadership');
      failure = { err };
      leadCtl.abort();
    });

    let lastRenew = this.clock.now();
    let outcome: LeadingOutcome = 'stopped';
    while (!leadCtl.signal.aborted) {
      await sleep(this.retryPeriodMs, leadCtl.signal, this.clock);
      if (leadCtl.signal.aborted) break;
      if (await this.tryAcquireOrRenew(log)) {
        lastRenew = this.clock.now();
      } else if (this.clock.now() - lastRenew >= this.renewDeadlineMs || (this.observed && this.observed.holder !== this.o.identity)) {
        outcome = 'lost';
        log.error('lost leadership');
        break;
      }
    }
    this.leading = false;
    signal.removeEventListener('abort', onAbort);
    leadCtl.abort();
    await work;
    if (failure) {
      await this.release(log);
      throw failure.err;
    }
    if (outcome === 'stopped' && this.o.releaseOnCancel !== false) await this.release(log);
    return outcome;
  }

  /** One attempt; true when we hold the lease afterwards. */
  async tryAcquireOrRenew(log: Logger = this.o.logger): Promise<boolean> {
    const now = this.clock.now();
    const nowTime = new V1MicroTime(now);
    const durationSec = Math.ceil(this.leaseDurationMs / 1000);
    try {
      const cur = await this.o.client.get(this.o.namespace, this.o.name);
      if (!cur) {
        this.lease = await this.o.client.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.o.name, namespace: this.o.namespace },
          spec: { holderIdentity: this.o.identity, leaseDurationSeconds: durationSec, acquireTime: nowTime, renewTime: nowTime, leaseTransitions: 0 },
        });
        this.see(this.lease, now);
        return true;
      }
      const spec = cur.spec ?? {};
      const rec: Observed = { holder: spec.holderIdentity ?? '', renewTime: toIso(spec.renewTime), transitions: spec.leaseTransitions ?? 0 };
      if (!this.observed || rec.holder !== this.observed.holder || rec.renewTime !== this.observed.renewTime || rec.transitions !== this.observed.transitions) {
        this.observed = rec;
        this.observedAt = now;
      }
      const heldByUs = rec.holder === this.o.identity;
      const theirDuration = (spec.leaseDurationSeconds ?? durationSec) * 1000;
      if (rec.holder !== '' && !heldByUs && this.observedAt + theirDuration > now) return false;
      const next: V1Lease = {
        ...cur,
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        spec: {
          holderIdentity: this.o.identity,
          leaseDurationSeconds: durationSec,
          renewTime: nowTime,
          acquireTime: heldByUs ? spec.acquireTime : nowTime,
          leaseTransitions: heldByUs ? rec.transitions : rec.transitions + 1,
        },
      };
      this.lease = await this.o.client.update(next);
      this.see(this.lease, now);
      return true;
    } catch (err) {
      if (!isConflict(err) && !isAlreadyExists(err)) log.warn({ err: errorMessage(err) }, 'lease acquire/renew failed');
      return false;
    }
  }

  private see(lease: V1Lease, now: number): void {
    const spec = lease.spec ?? {};
    this.observed = { holder: spec.holderIdentity ?? '', renewTime: toIso(spec.renewTime), transitions: spec.leaseTransitions ?? 0 };
    this.observedAt = now;
  }

  private async release(log: Logger): Promise<void> {
    if (!this.lease || this.lease.spec?.holderIdentity !== this.o.identity) return;
    const now = new V1MicroTime(this.clock.now());
    try {
      await this.o.client.update({
        ...this.lease,
        spec: { ...this.lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now },
      });
      log.info('released leadership');
    } catch (err) {
      if (!isNotFound(err)) log.warn({ err: errorMessage(err) }, 'could not release lease');
    }
  }
}
