// The watch cache of one resource prefix (e.g. '/registry/pods/'): one etcd watch keeps an in-memory
// copy of every object plus a bounded ring of recent changes, and fans changes out to any number of
// watchers, each with its own bounded buffer. Cached objects are shared by every reader: read-only.
import type { IWatchResponse, Watcher } from 'etcd3';
import type { Logger } from '../../apimachinery/log.js';
import { EventChannel } from './channel.js';
import { encodeContinue } from './codec.js';
import type { EtcdStore } from './etcd-store.js';
import { bookmark, changeFromEtcd, filterChange, type Change } from './events.js';
import { StorageError, type KubeObject, type ListOptions, type ListResult, type Stored, type WatchEvent } from './types.js';

export interface ResourceCacheConfig {
  prefix: string;
  inner: EtcdStore;
  logger?: Logger;
  /** Recent changes kept for watches that resume from a revision. */
  ringSize: number;
  /** Events buffered per watcher before it is dropped as too slow. */
  watcherBufferSize: number;
  bookmarkIntervalMs: number;
}

interface CacheWatcher {
  prefix: string;
  filter?: (obj: KubeObject) => boolean;
  bookmarks: boolean;
  /** Live changes at or below this revision are skipped (already replayed, or before the start). */
  from: number;
  ch: EventChannel<WatchEvent>;
}

/** Index of the first element of sorted `a` that is ≥ `x`. */
function lowerBound(a: string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ResourceCache {
  /** Revision the cache reflects: every change up to it has been applied. */
  rv = 0;
  private floor = 0; // watches must start at or after this revision
  private objects = new Map<string, Stored>();
  private sortedKeys: string[] | undefined;
  private ring: (Change | undefined)[];
  private ringStart = 0;
  private ringLen = 0;
  private state: 'idle' | 'starting' | 'ready' = 'idle';
  private starting: Promise<void> | undefined;
  private etcdWatcher: Watcher | undefined;
  private generation = 0;
  private readonly watchers = new Set<CacheWatcher>();
  private readonly waiters = new Set<() => void>();
  private bookmarkTimer: NodeJS.Timeout | undefined;

  constructor(private readonly cfg: ResourceCacheConfig) {
    this.ring = new Array<Change | undefined>(cfg.ringSize);
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** The cached state of `key` (shared: read-only), when the cache is running and holds it. */
  peek(key: string): Stored | undefined {
    return this.state === 'ready' ? this.objects.get(key) : undefined;
  }

  /** Starts the cache (once), listing at `atRv` when given and still available, else at the latest. */
  ensureStarted(atRv?: number): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (!this.starting) {
      this.state = 'starting';
      this.starting = this.start(atRv).catch((err: unknown) => {
        this.state = 'idle';
        this.starting = undefined;
        throw err;
      });
    }
    return this.starting;
  }

  private async start(atRv?: number): Promise<void> {
    const gen = this.generation;
    const { prefix, inner } = this.cfg;
    let list: ListResult | undefined;
    if (atRv) {
      try {
        list = await inner.list(prefix, { resourceVersion: String(atRv), resourceVersionMatch: 'Exact' });
      } catch (err) {
        if (!(err instanceof StorageError) || (err.code !== 'Compacted' && err.code !== 'TooLargeResourceVersion')) throw err;
      }
    }
    list ??= await inner.list(prefix);
    if (gen !== this.generation) throw new StorageError('Unavailable', prefix, 'watch cache stopped while starting');
    this.objects = new Map(list.items.map((s) => [s.key, s]));
    this.sortedKeys = undefined;
    this.rv = this.floor = Number(list.rv);
    const w = inner.client.watch().prefix(prefix).startRevision(String(this.rv + 1)).watcher();
    w.on('data', (res: IWatchResponse) => {
      if (gen !== this.generation) return;
      if (res.events.length === 0) this.advance(Number(res.header.revision));
      for (const ev of res.events) {
        let change: Change | undefined;
        try {
          change = changeFromEtcd(ev, this.objects.get(ev.kv.key.toString('utf8'))?.object);
        } catch (err) {
          this.cfg.logger?.error({ key: ev.kv.key.toString('utf8'), err: String(err) }, 'watch cache: undecodable value skipped');
        }
        this.apply(change, ev.kv.mod_revision);
      }
    });
    // Resume from what was applied, not from the client's idea (it can run ahead while catching up).
    w.on('disconnected', () => {
      w.request.start_revision = String(this.rv + 1);
      this.cfg.logger?.warn({ prefix }, 'watch cache: etcd watch disconnected, resuming');
    });
    w.on('error', (err: Error) => {
      if (gen !== this.generation) return;
      this.cfg.logger?.warn({ prefix, err: err.message }, 'watch cache: etcd watch canceled, resetting');
      this.reset(new StorageError('Compacted', prefix, 'watch cache reset: etcd watch canceled'));
    });
    this.etcdWatcher = w;
    this.state = 'ready';
    this.cfg.logger?.debug({ prefix, rv: this.rv, objects: this.objects.size }, 'watch cache started');
  }

  private apply(change: Change | undefined, rv: string): void {
    if (!change) {
      this.advance(Number(rv));
      return;
    }
    const had = this.objects.has(change.key);
    if (change.type === 'DELETED') {
      this.objects.delete(change.key);
      if (had) this.sortedKeys = undefined;
    } else {
      this.objects.set(change.key, { key: change.key, object: change.object, rv: change.rv });
      if (!had) this.sortedKeys = undefined;
    }
    if (this.ringLen === this.ring.length) {
      this.floor = this.ring[this.ringStart]!.rvNum;
      this.ring[this.ringStart] = undefined;
      this.ringStart = (this.ringStart + 1) % this.ring.length;
      this.ringLen--;
    }
    this.ring[(this.ringStart + this.ringLen) % this.ring.length] = change;
    this.ringLen++;
    for (const w of this.watchers) this.deliver(w, change);
    this.advance(change.rvNum);
  }

  private deliver(w: CacheWatcher, change: Change): void {
    if (change.rvNum <= w.from || !change.key.startsWith(w.prefix)) return;
    const out = filterChange(change, w.filter);
    if (!out) return;
    if (!w.ch.push(out)) {
      this.watchers.delete(w);
      this.cfg.logger?.warn({ prefix: w.prefix }, 'watch cache: dropping a watcher that fell too far behind');
    }
  }

  private advance(rv: number): void {
    if (rv <= this.rv) return;
    this.rv = rv;
    for (const wake of this.waiters) wake();
  }

  /** True once the cache has reached `rv`; false after `timeoutMs` or an abort. */
  waitForRevision(rv: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.state === 'ready' && this.rv >= rv) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const check = (): void => {
        if (this.state === 'ready' && this.rv >= rv) done(true);
      };
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A list served from memory (the cache must be ready); continue pages go to etcd at this revision. */
  list(prefix: string, opts: ListOptions): ListResult {
    const keys = (this.sortedKeys ??= [...this.objects.keys()].sort());
    const end = lowerBound(keys, `${prefix}\uffff`);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: Stored[] = [];
    for (let i = lowerBound(keys, prefix); i < end; i++) {
      const s = this.objects.get(keys[i]!)!;
      if (opts.filter && !opts.filter(s.object)) continue;
      items.push(s);
      if (limit && items.length === limit && i + 1 < end) {
        const out: ListResult = { items, rv: String(this.rv), continue: encodeContinue(prefix, `${s.key}\0`, this.rv) };
        if (!opts.filter) out.remainingItemCount = end - i - 1;
        return out;
      }
    }
    return { items, rv: String(this.rv) };
  }

  /** Watch served from the cache: replay from the ring (or the current state for "0"), then live. */
  async *watch(
    prefix: string,
    opts: { from?: number; filter?: (obj: KubeObject) => boolean; bookmarks?: boolean },
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent, void, undefined> {
    await this.ensureStarted(opts.from);
    if (signal.aborted) return;
    // From here to the registration nothing awaits, so no change can slip between replay and live.
    let initial: Iterable<WatchEvent>;
    if (opts.from === undefined) {
      const snapshot: WatchEvent[] = [];
      for (const s of this.objects.values()) {
        if (s.key.startsWith(prefix) && (!opts.filter || opts.filter(s.object)))
          snapshot.push({ type: 'ADDED', object: s.object, key: s.key, rv: s.rv });
      }
      initial = snapshot;
    } else {
      if (opts.from < this.floor)
        throw new StorageError('Compacted', prefix, `too old resource version: ${opts.from} (${this.floor})`);
      initial = this.replay(this.ringSince(opts.from), prefix, opts.filter);
    }
    const start = Math.max(opts.from ?? 0, this.rv);
    const w: CacheWatcher = {
      prefix,
      filter: opts.filter,
      bookmarks: opts.bookmarks ?? false,
      from: start,
      ch: new EventChannel(this.cfg.watcherBufferSize, () => new StorageError('Compacted', prefix, 'watcher too slow: event buffer full')),
    };
    this.watchers.add(w);
    if (w.bookmarks) this.ensureBookmarkTimer();
    const onAbort = (): void => w.ch.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (const ev of initial) {
        if (w.ch.isClosed) break;
        yield ev;
      }
      yield* w.ch;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.watchers.delete(w);
      w.ch.close();
    }
  }

  private ringSince(from: number): Change[] {
    const out: Change[] = [];
    for (let i = 0; i < this.ringLen; i++) {
      const c = this.ring[(this.ringStart + i) % this.ring.length]!;
      if (c.rvNum > from) out.push(c);
    }
    return out;
  }

  private *replay(changes: Change[], prefix: string, filter?: (obj: KubeObject) => boolean): Generator<WatchEvent> {
    for (const c of changes) {
      if (!c.key.startsWith(prefix)) continue;
      const out = filterChange(c, filter);
      if (out) yield out;
    }
  }

  private ensureBookmarkTimer(): void {
    if (this.bookmarkTimer) return;
    this.bookmarkTimer = setInterval(() => {
      let any = false;
      for (const w of this.watchers) {
        if (!w.bookmarks) continue;
        any = true;
        // as in Kubernetes: a bookmark only once the cache is past the revision the watch started at
        if (this.rv <= w.from) continue;
        if (!w.ch.push(bookmark(String(this.rv)))) this.watchers.delete(w);
      }
      if (!any) {
        clearInterval(this.bookmarkTimer);
        this.bookmarkTimer = undefined;
      }
    }, this.cfg.bookmarkIntervalMs);
    this.bookmarkTimer.unref();
  }

  /** Drops all state; watchers end with `err` (they relist and rewatch). */
  reset(err?: unknown): void {
    this.generation++;
    this.etcdWatcher?.cancel().catch(() => undefined);
    this.etcdWatcher = undefined;
    for (const w of this.watchers) w.ch.close(err);
    this.watchers.clear();
    clearInterval(this.bookmarkTimer);
    this.bookmarkTimer = undefined;
    this.objects = new Map();
    this.sortedKeys = undefined;
    this.ring = new Array<Change | undefined>(this.cfg.ringSize);
    this.ringStart = this.ringLen = 0;
    this.rv = this.floor = 0;
    this.state = 'idle';
    this.starting = undefined;
  }
}
