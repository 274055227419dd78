// Pod workers: one logical worker per pod uid. A sync never runs twice at once for the same pod;
// updates during a sync coalesce into one more pass; a sync may ask to run again after a delay;
// failures retry with a doubling delay. A worker that reports `done` is forgotten.
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage } from '../host/index.js';

export interface WorkResult { requeueAfterMs?: number; done?: boolean }

interface Worker {
  running: boolean;
  dirty: boolean;
  timer?: ReturnType<typeof setTimeout>;
  timerAt?: number;
  failures: number;
}

export interface PodWorkersOptions {
  sync: (uid: string) => Promise<WorkResult>;
  log: Logger;
  minRetryMs?: number;
  maxRetryMs?: number;
  /** Every pod is synced at least this often (0 = never). */
  resyncMs?: number;
  now?: () => number;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;
  private readonly idle: Array<() => void> = [];
  private readonly now: () => number;

  constructor(private readonly o: PodWorkersOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Asks for a sync of `uid` as soon as possible. */
  update(uid: string): void {
    if (this.stopped) return;
    let w = this.workers.get(uid);
    if (!w) {
      w = { running: false, dirty: false, failures: 0 };
      this.workers.set(uid, w);
    }
    if (w.running) { w.dirty = true; return; }
    this.clearTimer(w);
    void this.run(uid, w);
  }

  has(uid: string): boolean { return this.workers.has(uid); }

  get size(): number { return this.workers.size; }

  private clearTimer(w: Worker): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    w.timerAt = undefined;
  }

  private schedule(uid: string, w: Worker, ms: number): void {
    const at = this.now() + ms;
    if (w.timer && w.timerAt !== undefined && w.timerAt <= at) return;
    this.clearTimer(w);
    w.timerAt = at;
    w.timer = setTimeout(() => {
      w.timer = undefined;
      w.timerAt = undefined;
      this.update(uid);
    }, ms);
  }

  private async run(uid: string, w: Worker): Promise<void> {
    w.running = true;
    let result: WorkResult = {};
    do {
      w.dirty = false;
      try {
        result = await this.o.sync(uid);
        w.failures = 0;
      } catch (err) {
        w.failures++;
        const min = this.o.minRetryMs ?? 1000;
        const delay = Math.min(min * 2 ** (w.failures - 1), this.o.maxRetryMs ?? 30_000);
        this.o.log.warn({ pod: uid, err: errorMessage(err), retryInMs: delay }, 'pod sync failed');
        result = { requeueAfterMs: delay };
      }
    } while (w.dirty && !this.stopped && !result.done);
    w.running = false;
    if (result.done && !w.dirty) {
      this.clearTimer(w);
      this.workers.delete(uid);
    } else if (!this.stopped) {
      if (w.dirty) { void this.run(uid, w); return; }
      const resync = this.o.resyncMs ?? 0;
      const next = result.requeueAfterMs ?? (resync > 0 ? resync : undefined);
      if (next !== undefined) this.schedule(uid, w, Math.max(0, next));
    }
    if (![...this.workers.values()].some((x) => x.running)) for (const f of this.idle.splice(0)) f();
  }

  /** Stops scheduling; resolves once no sync is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) this.clearTimer(w);
    if (![...this.workers.values()].some((x) => x.running)) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
