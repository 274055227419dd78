// The storage contract of the API server: narrow and etcd-shaped. resourceVersion is the etcd mod
// revision of the key (for one object) or the store revision (for a list / a watch position).
// Values are JSON objects; the store never interprets them beyond setting
// metadata.resourceVersion on the way out.

export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};

export interface Stored {
  key: string;
  /** The object with metadata.resourceVersion set to its mod revision. */
  object: KubeObject;
  /** etcd mod revision, as a decimal string. */
  rv: string;
}

export interface ListOptions {
  /** Page size; 0 or absent means everything. */
  limit?: number;
  /** Opaque continue token from a previous page. */
  continue?: string;
  /**
   * Read at this revision ("NotOlderThan" semantics for a cache, "Exact" for etcd).
   * Absent: a consistent read (most recent). "0": any (the watch cache may serve).
   */
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  /** Applied before paging, so pages are counted in matching items. */
  filter?: (obj: KubeObject) => boolean;
}

export interface ListResult {
  items: Stored[];
  /** The revision the list was read at. */
  rv: string;
  /** Continue token when more items exist. */
  continue?: string;
  /** Items left after this page, when known. */
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  type: WatchEventType;
  /** For DELETED: the last state, with metadata.resourceVersion = the delete revision. */
  object: KubeObject;
  key: string;
  rv: string;
}

export interface WatchOptions {
  /** Deliver changes strictly after this revision. "0" or absent: synthetic ADDED for current state, then changes. */
  fromRv?: string;
  filter?: (obj: KubeObject) => boolean;
  /** Emit BOOKMARK events periodically carrying the current revision. */
  bookmarks?: boolean;
}

/** A precondition for update/delete: uid and/or resourceVersion must match. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * KeyExists → 409 AlreadyExists · KeyNotFound → 404 · Conflict → 409 Conflict · Compacted → 410 Expired
 * (a too-old resourceVersion/continue, or a watcher dropped for being too slow: the client relists) ·
 * Unavailable → 503 · TooLargeResourceVersion → 504 Timeout with cause ResourceVersionTooLarge ("Too large
 * resource version") · Invalid → 400 BadRequest (malformed continue token or resourceVersion).
 */
export type StorageErrorCode =
  | 'KeyExists'
  | 'KeyNotFound'
  | 'Conflict'
  | 'Compacted'
  | 'Unavailable'
  | 'TooLargeResourceVersion'
  | 'Invalid';

/** Thrown (as ApiError-free sentinels) by a Store; the registry turns them into API errors. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
  }
}

export interface Store {
  get(key: string): Promise<Stored | undefined>;
  /** Fails with StorageError('KeyExists') when present. */
  create(key: string, obj: KubeObject): Promise<Stored>;
  /** Compare-and-swap on the mod revision `rv`; StorageError('Conflict') when it moved, 'KeyNotFound' when gone. */
  update(key: string, obj: KubeObject, rv: string): Promise<Stored>;
  /**
   * Read-modify-write with retries on conflict: `fn` gets the current object (or undefined when absent)
   * and returns the new one, or undefined to leave it unchanged. Returns the stored result.
   */
  guaranteedUpdate(
    key: string,
    fn: (current: Stored | undefined) => KubeObject | undefined | Promise<KubeObject | undefined>,
  ): Promise<Stored | undefined>;
  // `fn` may first see a cached (possibly stale) copy, which it must not change: when it fails on it,
  // returns undefined, or would leave the value as it was, it runs again on a fresh read from etcd.
  /** Deletes; with `rv`, only if the mod revision matches. Returns the last state. */
  delete(key: string, rv?: string): Promise<Stored>;
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Ends when `signal` aborts; throws StorageError('Compacted') when fromRv is too old. */
  watch(prefix: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent>;
  /** Current store revision. */
  currentRevision(): Promise<string>;
  close(): Promise<void>;
}
