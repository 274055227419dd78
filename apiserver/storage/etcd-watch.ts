// The watch verb straight against etcd (one etcd watcher per call): synthetic ADDED events for the
// current state when starting from "0", then changes strictly after the start revision. Any
// cancellation by etcd (compaction reports an empty reason) ends the stream with StorageError('Compacted').
import type { Etcd3, IWatchResponse } from 'etcd3';
import type { Logger } from '../../apimachinery/log.js';
import { EventChannel } from './channel.js';
import { parseRv } from './codec.js';
import { listFromEtcd } from './etcd-list.js';
import { bookmark, changeFromEtcd, filterChange } from './events.js';
import { StorageError, type WatchEvent, type WatchOptions } from './types.js';

export interface EtcdWatchConfig {
  client: Etcd3;
  logger?: Logger;
  /** Events buffered for a consumer before it is dropped as too slow. */
  bufferSize: number;
  bookmarkIntervalMs: number;
  /** Tracks open channels so the store can end them on close(). */
  open: Set<EventChannel<WatchEvent>>;
}

export async function* watchEtcd(
  cfg: EtcdWatchConfig,
  prefix: string,
  opts: WatchOptions,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent, void, undefined> {
  if (signal.aborted) return;
  const initial: WatchEvent[] = [];
  let from: number;
  if (!opts.fromRv || opts.fromRv === '0') {
    const list = await listFromEtcd(cfg.client.kv, prefix, { filter: opts.filter });
    from = Number(list.rv);
    for (const s of list.items) initial.push({ type: 'ADDED', object: s.object, key: s.key, rv: s.rv });
  } else {
    from = parseRv(opts.fromRv, prefix);
  }

  const ch = new EventChannel<WatchEvent>(
    cfg.bufferSize,
    () => new StorageError('Compacted', prefix, 'watcher too slow: event buffer full'),
  );
  cfg.open.add(ch);
  let delivered = from; // highest revision handed to the channel
  const watcher = cfg.client.watch().prefix(prefix).withPreviousKV().startRevision(String(from + 1)).watcher();
  watcher.on('data', (res: IWatchResponse) => {
    if (res.events.length === 0) {
      // progress notification: everything up to header.revision has been sent
      delivered = Math.max(delivered, Number(res.header.revision));
      return;
    }
    for (const ev of res.events) {
      delivered = Number(ev.kv.mod_revision);
      let change: ReturnType<typeof changeFromEtcd>;
      try {
        change = changeFromEtcd(ev);
      } catch (err) {
        cfg.logger?.error({ key: ev.kv.key.toString('utf8'), err: String(err) }, 'etcd watch: undecodable value skipped');
        continue;
      }
      if (!change) continue;
      const out = filterChange(change, opts.filter);
      if (out) ch.push(out);
    }
  });
  // The client resumes from the last response's header revision, which can run ahead of the events
  // a catching-up watcher has seen: resume from what was delivered instead.
  watcher.on('disconnected', () => {
    watcher.request.start_revision = String(delivered + 1);
  });
  watcher.on('error', (err: Error) => {
    cfg.logger?.debug({ prefix, err: err.message }, 'etcd watch canceled');
    ch.close(new StorageError('Compacted', prefix, `too old resource version: ${from} (${err.message})`));
  });
  const onAbort = (): void => ch.close();
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = opts.bookmarks
    ? setInterval(() => {
        if (delivered > from) ch.push(bookmark(String(delivered)));
      }, cfg.bookmarkIntervalMs)
    : undefined;
  try {
    for (const ev of initial) {
      if (signal.aborted) return;
      yield ev;
    }
    initial.length = 0;
    yield* ch;
  } finally {
    clearInterval(timer);
    signal.removeEventListener('abort', onAbort);
    cfg.open.delete(ch);
    ch.close();
    watcher.cancel().catch(() => undefined);
  }
}
