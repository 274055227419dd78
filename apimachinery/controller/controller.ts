// The reconcile loop: N workers take keys from a WorkQueue and call a level-based Reconciler.
// Success (or NotFound, or a TerminalError) forgets the key's backoff; other errors requeue it
// rate-limited; `requeueAfterMs` schedules a later look.
import type { Logger } from '../log.js';
import { errorMessage, isConflict, isNotFound, isTerminal } from './errors.js';
import type { Informer } from './informer.js';
import { keyString, parseKey, type ObjectKey } from './keys.js';
import { WorkQueue } from './workqueue.js';
import type { KubernetesObject } from '@kubernetes/client-node';

export interface Result {
  requeueAfterMs?: number;
}

export interface Reconciler {
  reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result | void>;
}

export interface ControllerOptions {
  name: string;
  reconciler: Reconciler;
  logger: Logger;
  workers?: number;
  queue?: WorkQueue;
  /** Informers that must have synced before workers start. */
  waitFor?: Informer<KubernetesObject>[];
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  private readonly reconciler: Reconciler;
  private readonly log: Logger;
  private readonly workers: number;
  private readonly waitFor: Informer<KubernetesObject>[];

  constructor(opts: ControllerOptions) {
    this.name = opts.name;
    this.reconciler = opts.reconciler;
    this.log = opts.logger;
    this.workers = Math.max(1, opts.workers ?? 1);
    this.queue = opts.queue ?? new WorkQueue({ name: opts.name });
    this.waitFor = opts.waitFor ?? [];
  }

  enqueue(key: ObjectKey | string): void {
    this.queue.add(typeof key === 'string' ? key : keyString(key));
  }

  enqueueAfter(key: ObjectKey | string, ms: number): void {
    this.queue.addAfter(typeof key === 'string' ? key : keyString(key), ms);
  }

  /** Runs workers until `signal` aborts; in-flight reconciles finish before it resolves. */
  async run(signal: AbortSignal): Promise<void> {
    const onAbort = (): void => this.queue.shutDown();
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const synced = await Promise.all(this.waitFor.map((i) => i.waitForSync(signal)));
      if (!synced.every(Boolean)) return;
      this.log.info({ workers: this.workers }, 'starting workers');
      await Promise.all(Array.from({ length: this.workers }, () => this.worker(signal)));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Processes one key; exposed for tests that want to step the loop. */
  async processNext(signal: AbortSignal): Promise<boolean> {
    const key = await this.queue.get(signal);
    if (key === undefined) return false;
    try {
      const res = await this.reconciler.reconcile(parseKey(key), signal);
      this.queue.forget(key);
      if (res && res.requeueAfterMs !== undefined && res.requeueAfterMs >= 0) this.queue.addAfter(key, res.requeueAfterMs);
    } catch (err) {
      if (isNotFound(err)) {
        this.log.debug({ key }, 'object not found; done');
        this.queue.forget(key);
      } else if (isTerminal(err)) {
        this.log.error({ key, err: errorMessage(err) }, 'terminal reconcile error; not retrying');
        this.queue.forget(key);
      } else {
        // Conflicts are routine (a stale cache); they are retried like any other error.
        const level = isConflict(err) ? 'debug' : 'warn';
        this.log[level]({ key, err: errorMessage(err), retries: this.queue.numRequeues(key) }, 'reconcile failed; requeueing');
        this.queue.addRateLimited(key);
      }
    } finally {
      this.queue.done(key);
    }
    return true;
  }

  private async worker(signal: AbortSignal): Promise<void> {
    // get() drains queued keys after shutdown; stop taking new ones once aborted.
    while (!signal.aborted) {
      if (!(await this.processNext(signal))) return;
    }
  }
}
