// The controller workqueue (client-go util/workqueue): a FIFO of string keys that collapses
// duplicates, never hands one key to two workers (dirty + processing sets), delays keys
// (`addAfter`) and rate-limits retries per key (`addRateLimited` / `forget`). A named queue counts
// its adds and retries in plain number fields for workqueue_* metrics (no allocation per op), and
// is announced to whoever collects queues while it is created (`collectQueues`).
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { ItemExponentialRateLimiter, type RateLimiter } from './ratelimiter.js';

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
  /** The workqueue_* metrics' `name` label (usually the controller's name). */
  name?: string;
}

let collecting: WorkQueue[] | undefined;

/**
 * Runs `build` (synchronously) and returns the named queues created meanwhile: how a component
 * finds its controllers' queues for metrics (client-go's workqueue.SetProvider, without a global
 * provider outliving the call).
 */
export function collectQueues<T>(build: () => T): { result: T; queues: WorkQueue[] } {
  const outer = collecting;
  const queues: WorkQueue[] = [];
  collecting = queues;
  try {
    return { result: build(), queues };
  } finally {
    collecting = outer;
  }
}

interface Waiting {
  readyAt: number;
  timer: TimerHandle;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys that need processing (queued, or re-added while being processed). */
  private readonly dirty = new Set<string>();
  /** Keys a worker currently holds. */
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly getters: Array<(key: string | undefined) => void> = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  readonly name: string;
  /** Keys added that were not already waiting (workqueue_adds_total). */
  adds = 0;
  /** Rate-limited re-adds (workqueue_retries_total). */
  retries = 0;

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.rateLimiter ?? new ItemExponentialRateLimiter();
    this.name = opts.name ?? '';
    if (this.name && collecting) collecting.push(this);
  }

  /** Marks the key as needing processing. A no-op when it is already queued. */
  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(key)) return;
    this.adds++;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued by done()
    this.push(key);
  }

  /** Adds the key once `ms` have passed; an earlier pending add for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const prev = this.waiting.get(key);
    if (prev) {
      if (prev.readyAt <= readyAt) return;
      this.clock.clearTimeout(prev.timer);
    }
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { readyAt, timer });
  }

  /** Re-adds the key after its per-key backoff (counts as a failure). */
  addRateLimited(key: string): void {
    this.retries++;
    this.addAfter(key, this.limiter.when(key));
  }

  /** Resets the key's backoff. */
  forget(key: string): void {
    this.limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  /**
   * The next key to process, waiting for one if the queue is empty. Resolves undefined once the
   * queue is shut down and drained, or when `signal` aborts. Call `done(key)` when finished.
   */
  get(signal?: AbortSignal): Promise<string | undefined> {
    const key = this.pop();
    if (key !== undefined) return Promise.resolve(key);
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const getter = (k: string | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(k);
      };
      const onAbort = (): void => {
        const i = this.getters.indexOf(getter);
        if (i >= 0) this.getters.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.getters.push(getter);
    });
  }

  /** Releases the key; if it was added again meanwhile, it goes back on the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
  }

  /** Stops accepting keys; waiting getters receive undefined. Keys already queued can still be got. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) this.clock.clearTimeout(w.timer);
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Keys ready to be handed out. */
  len(): number {
    return this.queue.length;
  }

  /** Keys scheduled by addAfter / addRateLimited that are not yet ready. */
  pendingDelayed(): number {
    return this.waiting.size;
  }

  private push(key: string): void {
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(key);
      this.processing.add(key);
      getter(key);
      return;
    }
    this.queue.push(key);
  }

  private pop(): string | undefined {
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }
}
