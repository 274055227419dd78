// Periodic etcd compaction, as kube-apiserver does it: each tick compacts to the revision seen on the
// previous tick (so about one interval of history is kept), coordinated between API servers through
// the version of a shared key so that only one of them compacts per interval.
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../../apimachinery/log.js';
import { mapEtcdError } from './codec.js';
import type { EtcdStore } from './etcd-store.js';

export const compactRevKey = 'compact_rev_key';

export interface CompactorOptions {
  /** Default 5 minutes. */
  intervalMs?: number;
  signal: AbortSignal;
  logger?: Logger;
  /** Injectable timer (tests): calls `fn` every `ms` until the returned function is called. */
  every?: (fn: () => void, ms: number) => () => void;
}

export interface CompactTick {
  /** Revision compacted to on this tick, when this server did compact. */
  compacted?: number;
  /** Revision seen on this tick: the next tick compacts to it. */
  seen: number;
}

export interface Compactor {
  /** One round (also what the timer runs). */
  tick(): Promise<CompactTick>;
  /** Resolves once the signal aborted and any running round finished. */
  done: Promise<void>;
}

/** Compaction rounds without a timer: each compacts to the revision seen by the previous round. */
export function newCompactor(target: Etcd3 | EtcdStore, logger?: Logger): Pick<Compactor, 'tick'> {
  const client = 'client' in target ? target.client : target;
  const key = Buffer.from(compactRevKey);
  let version = 0; // version of compactRevKey we expect (how many compactions were agreed so far)
  let last = 0;
  return {
    async tick(): Promise<CompactTick> {
      try {
        const res = await client.kv.txn({
          compare: [{ key, target: 'Version', result: 'Equal', version }],
          success: [{ request_put: { key, value: Buffer.from(String(last)) } }],
          failure: [{ request_range: { key } }],
        });
        const seen = Number(res.header.revision);
        const toCompact = last;
        last = seen;
        if (!res.succeeded) {
          // another server compacted this round: follow its count
          version = Number(res.responses[0]?.response_range?.kvs[0]?.version ?? 0);
          return { seen };
        }
        version++;
        if (toCompact === 0) return { seen }; // first round: nothing seen one interval ago
        await client.kv.compact({ revision: toCompact, physical: false });
        logger?.info({ revision: toCompact }, 'compacted etcd');
        return { compacted: toCompact, seen };
      } catch (err) {
        throw mapEtcdError(err, compactRevKey);
      }
    },
  };
}

/** Starts compacting every `intervalMs` until `signal` aborts. */
export function startCompactor(target: Etcd3 | EtcdStore, opts: CompactorOptions): Compactor {
  const c = newCompactor(target, opts.logger);
  const every =
    opts.every ??
    ((fn: () => void, ms: number) => {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    });
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const stop = every(() => {
    if (busy || opts.signal.aborted) return;
    busy = true;
    running = c
      .tick()
      .catch((err: unknown) => opts.logger?.warn({ err: String(err) }, 'etcd compaction failed'))
      .finally(() => (busy = false));
  }, opts.intervalMs ?? 5 * 60_000);
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      stop();
      void running.then(() => resolve());
    };
    if (opts.signal.aborted) finish();
    else opts.signal.addEventListener('abort', finish, { once: true });
  });
  return { tick: () => c.tick(), done };
}
