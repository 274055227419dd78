// Per-item rate limiters for the workqueue (client-go util/workqueue default_rate_limiters.go):
// exponential backoff per key, reset by `forget`.
export interface RateLimiter {
  /** How long this item should wait before its next try; counts the failure. */
  when(item: string): number;
  /** Stop tracking the item (it succeeded or was dropped). */
  forget(item: string): void;
  /** How many times the item has been requeued since the last forget. */
  numRequeues(item: string): number;
}

/** base * 2^failures, capped at max. Defaults as the controller default: 5 ms → 1000 s. */
export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 1_000_000,
  ) {}

  when(item: string): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    const backoff = this.baseMs * Math.pow(2, n);
    return Number.isFinite(backoff) ? Math.min(backoff, this.maxMs) : this.maxMs;
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}
