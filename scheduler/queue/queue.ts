// The scheduling queue: activeQ (priority, then FIFO), backoffQ (1 s doubling to 10 s per failed
// attempt) and the unschedulable set, whose pods move back when an event that could help happens or
// after 5 minutes. Pods with schedulingGates wait aside until the gates are removed.
import type { V1Pod } from '@kubernetes/client-node';
import { podKey, podPriority } from '../cache/pod-info.js';
import { eventMayHelp, type ClusterEvent } from './events.js';
import { KeyedHeap } from './heap.js';

export interface QueuedPodInfo {
  pod: V1Pod;
  readonly key: string;
  /** When the pod last entered the active queue (FIFO among equal priorities). */
  timestamp: number;
  attempts: number;
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  backoffExpiry: number;
}

export interface QueueOptions {
  now?: () => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Pods sitting unschedulable longer than this are retried anyway. */
  maxInUnschedulableMs?: number;
  /** Annotation keys whose changes don't count as a pod update (our own explanation). */
  ignoredAnnotations?: readonly string[];
}

export interface QueueStats {
  active: number;
  backoff: number;
  unschedulable: number;
  gated: number;
  inFlight: number;
}

export class SchedulingQueue {
  private readonly now: () => number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly ignoredAnnotations: ReadonlySet<string>;
  private readonly active = new KeyedHeap<QueuedPodInfo>((p) => p.key, (a, b) => {
    const d = podPriority(b.pod) - podPriority(a.pod);
    return d !== 0 ? d < 0 : a.timestamp < b.timestamp;
  });
  private readonly backoff = new KeyedHeap<QueuedPodInfo>((p) => p.key, (a, b) => a.backoffExpiry < b.backoffExpiry);
  private readonly unschedulable = new Map<string, QueuedPodInfo & { since: number }>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, { info: QueuedPodInfo; deleted: boolean; updated: boolean }>();
  private waiters: (() => void)[] = [];
  private closed = false;
  /** Incremented on every pop. */
  schedulingCycle = 0;
  private moveRequestCycle = -1;

  constructor(opts: QueueOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.initialBackoff = opts.initialBackoffMs ?? 1000;
    this.maxBackoff = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulable = opts.maxInUnschedulableMs ?? 5 * 60_000;
    this.ignoredAnnotations = new Set(opts.ignoredAnnotations ?? []);
  }

  private newInfo(pod: V1Pod): QueuedPodInfo {
    return { pod, key: podKey(pod), timestamp: this.now(), attempts: 0, unschedulablePlugins: new Set(), backoffExpiry: 0 };
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private toActive(info: QueuedPodInfo): void {
    info.timestamp = this.now();
    this.active.push(info);
    this.wake();
  }

  private isGated(pod: V1Pod): boolean {
    return (pod.spec?.schedulingGates?.length ?? 0) > 0;
  }

  /** Whether the key is queued anywhere or being scheduled. */
  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key) || this.gated.has(key) || this.inFlight.has(key);
  }

  /** A new pending pod. */
  add(pod: V1Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(pod);
    const info = this.newInfo(pod);
    if (this.isGated(pod)) this.gated.set(key, info);
    else this.toActive(info);
  }

  /** A changed pending pod: refresh it; a meaningful change retries an unschedulable pod. */
  update(pod: V1Pod): void {
    const key = podKey(pod);
    const fl = this.inFlight.get(key);
    if (fl) {
      fl.info.pod = pod;
      fl.updated = true;
      return;
    }
    const g = this.gated.get(key);
    if (g) {
      g.pod = pod;
      if (!this.isGated(pod)) {
        this.gated.delete(key);
        this.toActive(g);
      }
      return;
    }
    const a = this.active.get(key);
    if (a) return this.active.push({ ...a, pod });
    const b = this.backoff.get(key);
    if (b) return this.backoff.push({ ...b, pod });
    const u = this.unschedulable.get(key);
    if (u) {
      const changed = this.meaningfulChange(u.pod, pod);
      u.pod = pod;
      if (changed) {
        this.unschedulable.delete(key);
        this.requeue(u);
      }
      return;
    }
    this.add(pod);
  }

  delete(pod: V1Pod): void {
    const key = podKey(pod);
    this.active.remove(key);
    this.backoff.remove(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
    const fl = this.inFlight.get(key);
    if (fl) fl.deleted = true;
  }

  /** Next pod to schedule; waits until one is available. Rejects when `signal` aborts or on close. */
  async pop(signal: AbortSignal): Promise<QueuedPodInfo> {
    for (;;) {
      if (signal.aborted || this.closed) throw signal.reason ?? new Error('scheduling queue closed');
      const info = this.active.pop();
      if (info) {
        this.schedulingCycle++;
        info.attempts++;
        info.initialAttemptTimestamp ??= this.now();
        this.inFlight.set(info.key, { info, deleted: false, updated: false });
        return info;
      }
      await new Promise<void>((resolve) => {
        const onAbort = (): void => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  /** The attempt for this pod ended (scheduled, or handed to addUnschedulable). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  private backoffDuration(info: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < info.attempts && d < this.maxBackoff; i++) d *= 2;
    return Math.min(d, this.maxBackoff);
  }

  private requeue(info: QueuedPodInfo): void {
    if (info.backoffExpiry > this.now()) this.backoff.push(info);
    else this.toActive(info);
  }

  /**
   * A failed attempt. Errors, and failures during which a possibly helpful event happened, go to
   * backoff; plain "doesn't fit" waits in the unschedulable set for such an event.
   */
  addUnschedulable(info: QueuedPodInfo, podSchedulingCycle: number, opts: { error?: boolean; plugins?: Iterable<string> } = {}): void {
    const fl = this.inFlight.get(info.key);
    this.inFlight.delete(info.key);
    if (fl?.deleted) return;
    if (this.active.has(info.key) || this.backoff.has(info.key) || this.unschedulable.has(info.key)) return;
    info.unschedulablePlugins = new Set(opts.plugins ?? []);
    info.backoffExpiry = this.now() + this.backoffDuration(info);
    if (opts.error || fl?.updated || this.moveRequestCycle >= podSchedulingCycle) {
      this.backoff.push(info);
    } else {
      this.unschedulable.set(info.key, { ...info, since: this.now() });
    }
  }

  /** Something happened in the cluster: retry the unschedulable pods it may help. */
  moveAllToActiveOrBackoff(event: ClusterEvent): void {
    for (const [key, u] of [...this.unschedulable]) {
      if (!eventMayHelp(event, u.unschedulablePlugins)) continue;
      this.unschedulable.delete(key);
      this.requeue(u);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** Moves pods whose backoff has ended to the active queue (run every second). */
  flushBackoffCompleted(): void {
    const now = this.now();
    for (let top = this.backoff.peek(); top && top.backoffExpiry <= now; top = this.backoff.peek()) {
      this.backoff.pop();
      this.toActive(top);
    }
  }

  /** Retries pods that have been unschedulable for too long (run every 30 s). */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const [key, u] of [...this.unschedulable]) {
      if (now - u.since >= this.maxInUnschedulable) {
        this.unschedulable.delete(key);
        this.requeue(u);
      }
    }
  }

  private meaningfulChange(a: V1Pod, b: V1Pod): boolean {
    const strip = (p: V1Pod): string => {
      const ann = { ...(p.metadata?.annotations ?? {}) };
      for (const k of this.ignoredAnnotations) delete ann[k];
      return JSON.stringify([p.spec, p.metadata?.labels ?? {}, ann]);
    };
    return strip(a) !== strip(b);
  }

  /** Stops pop() waiters. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  stats(): QueueStats {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size, inFlight: this.inFlight.size };
  }

  /** Where a key currently is (tests, debugging). */
  where(key: string): 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight' | undefined {
    if (this.active.has(key)) return 'active';
    if (this.backoff.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.gated.has(key)) return 'gated';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }
}
