// The real informer: client-node's ListWatch (list, then watch from the list's resourceVersion,
// relist on 410) feeding InformerBase. ListWatch stops on errors, so this restarts it with an
// exponential backoff (reset once a start succeeds). Watch events arrive as raw JSON while typed
// lists are deserialized (Date objects); with a `typeName` every object is normalised to the typed
// shape so writes through the typed APIs serialise correctly. `resyncPeriodMs` re-delivers the
// whole cache as updates (old === new) on that period, for controllers that poll their level.
import {
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { Logger } from '../log.js';
import { realClock, sleep, type Clock } from './clock.js';
import { errorMessage } from './errors.js';
import { InformerBase } from './informer.js';

export interface ListWatchSource<T extends KubernetesObject> {
  /** Watch path, e.g. `/api/v1/pods` or `/apis/apps/v1/replicasets`. */
  path: string;
  /** The typed list call for the same path (all namespaces). */
  list: () => Promise<KubernetesListObject<T>>;
  /**
   * client-node model name used to normalise watch payloads, e.g. `V1Pod`. Without it objects are
   * delivered as the API sent them (hot paths that only read skip the cost).
   */
  typeName?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListWatchInformerOptions {
  logger: Logger;
  clock?: Clock;
  /** First restart delay after an error (doubles up to maxBackoffMs). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Re-deliver every cached object as an update this often (0 or unset: never). */
  resyncPeriodMs?: number;
  /** Makes the client-node ListWatch (tests pass a fake). */
  makeListWatch?: MakeListWatch;
}

/** What the informer needs of client-node's ListWatch. */
export interface ListWatchLike<T extends KubernetesObject> {
  on(verb: 'add' | 'update' | 'delete', cb: (obj: T) => void): void;
  on(verb: 'error', cb: (err?: unknown) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type MakeListWatch = <T extends KubernetesObject>(
  kc: KubeConfig,
  src: ListWatchSource<T>,
  list: () => Promise<KubernetesListObject<T>>,
) => ListWatchLike<T>;

const clientNodeListWatch: MakeListWatch = (kc, src, list) =>
  new ListWatch(src.path, new Watch(kc), list, false, src.labelSelector, src.fieldSelector);

/** Deserialises a raw API object into client-node's typed shape (Date fields become Dates). */
export function normalize<T>(obj: unknown, typeName: string): T {
  return ObjectSerializer.deserialize(obj, typeName, '') as T;
}

export class ListWatchInformer<T extends KubernetesObject> extends InformerBase<T> {
  private readonly clock: Clock;

  constructor(
    private readonly kc: KubeConfig,
    private readonly src: ListWatchSource<T>,
    private readonly opts: ListWatchInformerOptions,
  ) {
    super();
    this.clock = opts.clock ?? realClock;
  }

  override async run(signal: AbortSignal): Promise<void> {
    const log = this.opts.logger.child({ informer: this.src.path });
    const lw = (this.opts.makeListWatch ?? clientNodeListWatch)(this.kc, this.src, this.src.list);
    const typeName = this.src.typeName;
    const norm = typeName ? (o: T): T => normalize<T>(o, typeName) : (o: T): T => o;
    lw.on('add', (o) => this.deliver('add', norm(o)));
    lw.on('update', (o) => this.deliver('update', norm(o)));
    lw.on('delete', (o) => this.deliver('delete', norm(o)));

    let failed: unknown;
    let wake: (() => void) | undefined;
    lw.on('error', (err?: unknown) => {
      failed = err ?? new Error('watch failed');
      wake?.();
    });

    const minBackoff = this.opts.minBackoffMs ?? 500;
    const maxBackoff = this.opts.maxBackoffMs ?? 30_000;
    let backoff = minBackoff;
    const stopResync = this.startResync(signal);
    while (!signal.aborted) {
      failed = undefined;
      try {
        await lw.start();
      } catch (err) {
        failed = err;
      }
      if (!failed) {
        // ListWatch reports a failed list as an error before start() resolves: no error, listed.
        this.markSynced();
        backoff = minBackoff;
        // Runs until ListWatch reports an error (it restarts plain watch expiries itself).
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (failed) resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = undefined;
      }
      if (signal.aborted) break;
      log.warn({ err: errorMessage(failed) }, 'list/watch failed; restarting');
      await sleep(backoff, signal, this.clock);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
    stopResync();
    await lw.stop();
  }

  /** Schedules the periodic resync; returns how to stop it. */
  private startResync(signal: AbortSignal): () => void {
    const period = this.opts.resyncPeriodMs ?? 0;
    if (period <= 0) return () => undefined;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const tick = (): void => {
      if (signal.aborted) return;
      if (this.hasSynced()) this.resync();
      timer = this.clock.setTimeout(tick, period);
    };
    timer = this.clock.setTimeout(tick, period);
    return () => {
      if (timer !== undefined) this.clock.clearTimeout(timer);
    };
  }
}
