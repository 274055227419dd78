// Batches rule syncs (client-go's BoundedFrequencyRunner, simplified): change notifications within
// `coalesceMs` become one sync; a sync never overlaps another; a full resync runs every `periodMs`;
// a failed sync is retried after `retryMs`. Timers come from an injectable clock.
import { realClock, type Clock, type TimerHandle } from '../apimachinery/controller/index.js';
import type { Logger } from '../apimachinery/log.js';

export interface SyncRunnerOptions {
  coalesceMs: number;
  periodMs: number;
  retryMs: number;
  logger: Logger;
  clock?: Clock;
}

export class SyncRunner {
  private readonly clock: Clock;
  private timer?: TimerHandle;
  private dueAt = Infinity;
  private running = false;
  private pending = false;
  private stopped = false;
  /** Until run(): changes are not synced (caches may be half-filled); run() starts with a full sync. */
  private started = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly sync: () => Promise<void>,
    private readonly opts: SyncRunnerOptions,
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** Something changed: sync within `coalesceMs` (once running; before that run()'s first sync covers it). */
  request(): void {
    if (!this.started) return;
    this.schedule(this.opts.coalesceMs);
  }

  /** Runs until `signal` aborts: an immediate first sync, then on request / period / retry. */
  run(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const stop = (): void => {
        this.stopped = true;
        if (this.timer) this.clock.clearTimeout(this.timer);
        this.timer = undefined;
        this.whenIdle().then(resolve, resolve);
      };
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      this.started = true;
      this.schedule(0);
    });
  }

  /** Resolves once no sync is running or scheduled soon (tests). */
  whenIdle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    const at = this.clock.now() + delayMs;
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = this.clock.setTimeout(() => void this.fire(), delayMs);
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.dueAt = Infinity;
    this.running = true;
    this.pending = false;
    let next = this.opts.periodMs;
    try {
      await this.sync();
    } catch (err) {
      this.opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'sync failed; will retry');
      next = this.opts.retryMs;
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
    this.schedule(this.pending ? Math.min(this.opts.coalesceMs, next) : next);
  }
}
