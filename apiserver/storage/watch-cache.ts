// CachedStore: the Store the API server uses. Gets, writes and consistent lists go to etcd (an update's
// first attempt starts from the cached object instead of reading it, as Kubernetes' cacher does); watches,
// lists at resourceVersion "0" and NotOlderThan lists are served from one watch cache per resource
// prefix (started lazily, one etcd watch each). Objects served from the cache (list items, watch
// events) are shared between all readers and the cache itself: treat them as read-only (copy first).
import type { Logger } from '../../apimachinery/log.js';
import { parseRv } from './codec.js';
import type { EtcdStore } from './etcd-store.js';
import { ResourceCache } from './resource-cache.js';
import type { KubeObject, ListOptions, ListResult, Store, Stored, WatchEvent, WatchOptions } from './types.js';

export interface CachedStoreOptions {
  logger?: Logger;
  /** Recent changes kept per resource for watches resuming from a revision (default 10,000). */
  ringSize?: number;
  /** Events buffered per watcher before it is dropped as too slow (default 10,000). */
  watcherBufferSize?: number;
  /** BOOKMARK period (default 60 s). */
  bookmarkIntervalMs?: number;
  /** How long a NotOlderThan list (or a read-your-writes "0" list) waits for the cache (default 100 ms). */
  waitForCacheMs?: number;
  /** The resource prefix a key or list prefix belongs to (default: '/registry/<resource>/'). */
  resourcePrefix?: (keyOrPrefix: string) => string;
}

/** '/registry/pods/ns/name' → '/registry/pods/'. */
export function defaultResourcePrefix(keyOrPrefix: string): string {
  const parts = keyOrPrefix.split('/');
  if (parts.length < 4 || parts[0] !== '' || !parts[1] || !parts[2]) return keyOrPrefix.endsWith('/') ? keyOrPrefix : `${keyOrPrefix}/`;
  return `/${parts[1]}/${parts[2]}/`;
}

export class CachedStore implements Store {
  private readonly caches = new Map<string, ResourceCache>();
  /** Highest revision written through this store, per resource prefix. */
  private readonly lastWrite = new Map<string, number>();
  private readonly prefixOf: (k: string) => string;

  constructor(
    readonly inner: EtcdStore,
    private readonly opts: CachedStoreOptions = {},
  ) {
    this.prefixOf = opts.resourcePrefix ?? defaultResourcePrefix;
  }

  /** The cache of the resource `keyOrPrefix` belongs to (created idle). */
  cacheFor(keyOrPrefix: string): ResourceCache {
    const prefix = this.prefixOf(keyOrPrefix);
    let c = this.caches.get(prefix);
    if (!c) {
      c = new ResourceCache({
        prefix,
        inner: this.inner,
        logger: this.opts.logger?.child({ cache: prefix }),
        ringSize: this.opts.ringSize ?? 10_000,
        watcherBufferSize: this.opts.watcherBufferSize ?? 10_000,
        bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 60_000,
      });
      this.caches.set(prefix, c);
    }
    return c;
  }

  /** Starts the caches of these resource prefixes now rather than on first use. */
  async warm(prefixes: string[]): Promise<void> {
    await Promise.all(prefixes.map((p) => this.cacheFor(p).ensureStarted()));
  }

  /** Waits until the cache of `keyOrPrefix` has applied revision `rv`; false after the timeout. */
  async waitForRevision(keyOrPrefix: string, rv: string, timeoutMs = this.opts.waitForCacheMs ?? 100, signal?: AbortSignal): Promise<boolean> {
    const cache = this.cacheFor(keyOrPrefix);
    await cache.ensureStarted();
    return cache.waitForRevision(parseRv(rv, keyOrPrefix), timeoutMs, signal);
  }

  private noteWrite<T extends Stored | undefined>(key: string, s: T): T {
    if (s) {
      const p = this.prefixOf(key);
      const rv = Number(s.rv);
      if (rv > (this.lastWrite.get(p) ?? 0)) this.lastWrite.set(p, rv);
    }
    return s;
  }

  get(key: string): Promise<Stored | undefined> {
    return this.inner.get(key);
  }

  async create(key: string, obj: KubeObject): Promise<Stored> {
    return this.noteWrite(key, await this.inner.create(key, obj));
  }

  async update(key: string, obj: KubeObject, rv: string): Promise<Stored> {
    return this.noteWrite(key, await this.inner.update(key, obj, rv));
  }

  /**
   * As Kubernetes' cacher does, the first attempt starts from the cached object when the cache holds
   * it, saving a read from etcd; the compare-and-swap on its mod revision keeps the write correct, and
   * a stale copy costs one retry on a fresh read.
   */
  async guaranteedUpdate(
    key: string,
    fn: (current: Stored | undefined) => KubeObject | undefined | Promise<KubeObject | undefined>,
  ): Promise<Stored | undefined> {
    const cache = this.cacheFor(key);
    // Kubernetes keeps a cache of every resource; ours start on first use, updates included.
    if (!cache.ready) cache.ensureStarted().catch((err: unknown) => this.opts.logger?.warn({ key, err: String(err) }, 'watch cache start failed'));
    return this.noteWrite(key, await this.inner.guaranteedUpdate(key, fn, cache.peek(key)));
  }

  async delete(key: string, rv?: string): Promise<Stored> {
    return this.noteWrite(key, await this.inner.delete(key, rv));
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const rv = opts.resourceVersion;
    const cache = this.cacheFor(prefix);
    const waitMs = this.opts.waitForCacheMs ?? 100;
    if (opts.continue) return this.inner.list(prefix, opts);
    if (!rv) {
      const res = await this.inner.list(prefix, opts);
      // Start the cache at this revision so a watch from the list's resourceVersion can be served.
      if (!cache.ready) cache.ensureStarted(Number(res.rv)).catch((err: unknown) => this.opts.logger?.warn({ prefix, err: String(err) }, 'watch cache start failed'));
      return res;
    }
    if (rv === '0') {
      await cache.ensureStarted();
      const written = this.lastWrite.get(this.prefixOf(prefix));
      if (written && cache.rv < written) await cache.waitForRevision(written, waitMs);
      return cache.list(prefix, opts);
    }
    const exact = opts.resourceVersionMatch === 'Exact' || (opts.resourceVersionMatch === undefined && (opts.limit ?? 0) > 0);
    if (exact) return this.inner.list(prefix, opts);
    const min = parseRv(rv, prefix);
    await cache.ensureStarted();
    if (await cache.waitForRevision(min, waitMs)) return cache.list(prefix, opts);
    return this.inner.list(prefix, opts); // the cache lags (e.g. no recent change here): read etcd
  }

  watch(prefix: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent> {
    const from = opts.fromRv && opts.fromRv !== '0' ? parseRv(opts.fromRv, prefix) : undefined;
    return this.cacheFor(prefix).watch(prefix, { from, filter: opts.filter, bookmarks: opts.bookmarks }, signal);
  }

  currentRevision(): Promise<string> {
    return this.inner.currentRevision();
  }

  /** Stops every cache (their watchers end) and closes the etcd store. */
  async close(): Promise<void> {
    for (const c of this.caches.values()) c.reset();
    this.caches.clear();
    await this.inner.close();
  }
}
