// Per-key exponential backoff as the kubelet's flowcontrol.Backoff: 10 s doubling to 5 min for
// restarting crashed containers and for image pulls; an entry idle for 2×max starts over.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  now?: () => number;
}

interface Entry { durationMs: number; lastUpdate: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly o: BackoffOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Records a failure at `at` (default now): the delay starts at initial or doubles up to max. */
  next(key: string, at = this.now()): number {
    const e = this.entries.get(key);
    if (!e || at - e.lastUpdate > 2 * this.o.maxMs) {
      this.entries.set(key, { durationMs: this.o.initialMs, lastUpdate: at });
      return this.o.initialMs;
    }
    e.durationMs = Math.min(e.durationMs * 2, this.o.maxMs);
    e.lastUpdate = at;
    return e.durationMs;
  }

  /** The current delay for `key` (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.durationMs ?? 0;
  }

  /** Whether `since` (a failure time) + the current delay is still in the future; how long is left. */
  remaining(key: string, since: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, since + e.durationMs - this.now());
  }

  /** Time left of the delay counted from the last recorded failure (0 when none). */
  sinceLast(key: string): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, e.lastUpdate + e.durationMs - this.now());
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (a pod's uid). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

export const CRASHLOOP_INITIAL_MS = 10_000;
export const CRASHLOOP_MAX_MS = 300_000;
/** A container that ran this long before exiting restarts without delay (backoff reset). */
export const CRASHLOOP_RESET_MS = 600_000;
