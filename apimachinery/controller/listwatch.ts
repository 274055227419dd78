// The real informer: client-node's ListWatch (list, then watch from the list's resourceVersion,
// relist on 410) feeding InformerBase. ListWatch stops on errors, so this restarts it with backoff.
// Watch events arrive as raw JSON while typed lists are deserialized (Date objects); every object
// is normalised to the typed shape so writes through the typed APIs serialise correctly.
import {
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { errorMessage } from '../component/index.js';
import type { Logger } from '../log.js';
import { realClock, sleep, type Clock } from './clock.js';
import { InformerBase } from './informer.js';

export interface ListWatchSource<T extends KubernetesObject> {
  /** Watch path, e.g. `/api/v1/pods` or `/apis/apps/v1/replicasets`. */
  path: string;
  /** The typed list call for the same path (all namespaces). */
  list: () => Promise<KubernetesListObject<T>>;
  /** client-node model name used to normalise watch payloads, e.g. `V1Pod`. */
  typeName: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListWatchInformerOptions {
  logger: Logger;
  clock?: Clock;
  /** First restart delay after an error (doubles up to maxBackoffMs). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

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
    let listed = false;
    const listFn = async (): Promise<KubernetesListObject<T>> => {
      const l = await this.src.list();
      listed = true;
      return l;
    };
    const lw = new ListWatch<T>(this.src.path, new Watch(this.kc), listFn, false, this.src.labelSelector, this.src.fieldSelector);
    const norm = (o: T): T => normalize<T>(o, this.src.typeName);
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
    while (!signal.aborted) {
      failed = undefined;
      try {
        await lw.start();
      } catch (err) {
        failed = err;
      }
      if (!failed) {
        if (listed) this.markSynced();
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
    await lw.stop();
  }
}
