// The Store over etcd (npm etcd3, one or many endpoints). Every write is a single txn: create = put if
// the key's create revision is 0; update/delete = compare the mod revision. resourceVersion is the etcd
// mod revision; values are JSON encoded once per write.
import type { Etcd3, ICompare, IKeyValue, ITxnResponse, KVClient } from 'etcd3';
import type { Logger } from '../../apimachinery/log.js';
import type { EventChannel } from './channel.js';
import { newEtcdClient } from './etcd-client.js';
import { decodeKv, encode, mapEtcdError, sameStored, withRv } from './codec.js';
import { listFromEtcd } from './etcd-list.js';
import { watchEtcd } from './etcd-watch.js';
import {
  StorageError,
  type KubeObject,
  type ListOptions,
  type ListResult,
  type Store,
  type Stored,
  type WatchEvent,
  type WatchOptions,
} from './types.js';

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']; all members of a cluster may be listed. */
  endpoints?: string[];
  /** Use this client instead of making one (it is then not closed by close()). */
  client?: Etcd3;
  logger?: Logger;
  /** Events buffered per direct watcher before it is dropped as too slow (default 10,000). */
  watchBufferSize?: number;
  /** BOOKMARK period for direct watches (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Attempts of guaranteedUpdate before giving up with Conflict (default 1,000). */
  maxUpdateAttempts?: number;
}

const createIsZero = (key: Buffer): ICompare => ({ key, target: 'Create', result: 'Equal', create_revision: 0 });
const exists = (key: Buffer): ICompare => ({ key, target: 'Create', result: 'NotEqual', create_revision: 0 });
const modIs = (key: Buffer, rv: string): ICompare => ({ key, target: 'Mod', result: 'Equal', mod_revision: rv });

/** The kv returned by a txn's else-branch get, if any. */
function elseKv(res: ITxnResponse): IKeyValue | undefined {
  return res.responses[0]?.response_range?.kvs[0];
}

export class EtcdStore implements Store {
  readonly client: Etcd3;
  private readonly kv: KVClient;
  private readonly ownsClient: boolean;
  private readonly open = new Set<EventChannel<WatchEvent>>();

  constructor(private readonly opts: EtcdStoreOptions) {
    if (opts.client) {
      this.client = opts.client;
      this.ownsClient = false;
    } else {
      if (!opts.endpoints?.length) throw new Error('EtcdStore needs endpoints or a client');
      this.client = newEtcdClient(opts.endpoints);
      this.ownsClient = true;
    }
    this.kv = this.client.kv;
  }

  private async txn(key: string, compare: ICompare, success: Parameters<KVClient['txn']>[0]['success'], k: Buffer): Promise<ITxnResponse> {
    try {
      return await this.kv.txn({ compare: [compare], success, failure: [{ request_range: { key: k } }] });
    } catch (err) {
      throw mapEtcdError(err, key);
    }
  }

  async get(key: string): Promise<Stored | undefined> {
    let kv: IKeyValue | undefined;
    try {
      kv = (await this.kv.range({ key: Buffer.from(key) })).kvs[0];
    } catch (err) {
      throw mapEtcdError(err, key);
    }
    return kv ? decodeKv(kv) : undefined;
  }

  async create(key: string, obj: KubeObject): Promise<Stored> {
    const k = Buffer.from(key);
    const res = await this.txn(key, createIsZero(k), [{ request_put: { key: k, value: encode(obj) } }], k);
    if (!res.succeeded) throw new StorageError('KeyExists', key);
    const rv = res.header.revision;
    return { key, object: withRv(obj, rv), rv };
  }

  /** CAS on `rv`; an empty or "0" rv means unconditional (but the key must exist). */
  async update(key: string, obj: KubeObject, rv: string): Promise<Stored> {
    const k = Buffer.from(key);
    const cmp = rv && rv !== '0' ? modIs(k, rv) : exists(k);
    const res = await this.txn(key, cmp, [{ request_put: { key: k, value: encode(obj) } }], k);
    if (!res.succeeded) throw new StorageError(elseKv(res) ? 'Conflict' : 'KeyNotFound', key);
    const newRv = res.header.revision;
    return { key, object: withRv(obj, newRv), rv: newRv };
  }

  /**
   * Read-modify-write with retries. With `cached` (a possibly stale copy, e.g. from the watch cache)
   * the first attempt skips the read: the txn compares its mod revision, and when `fn` fails on it,
   * returns undefined, or might leave the value unchanged, the attempt is redone on a fresh read.
   */
  async guaranteedUpdate(
    key: string,
    fn: (current: Stored | undefined) => KubeObject | undefined | Promise<KubeObject | undefined>,
    cached?: Stored,
  ): Promise<Stored | undefined> {
    const k = Buffer.from(key);
    // The state the next attempt starts from; `fresh` when it was read from etcd.
    let current: Stored | undefined;
    let stored: Buffer | undefined;
    let fresh: boolean;
    const read = async (): Promise<void> => {
      let kv: IKeyValue | undefined;
      try {
        kv = (await this.kv.range({ key: k })).kvs[0];
      } catch (err) {
        throw mapEtcdError(err, key);
      }
      current = kv ? decodeKv(kv) : undefined;
      stored = kv?.value;
      fresh = true;
    };
    if (cached) {
      current = cached;
      fresh = false;
    } else await read();
    const attempts = this.opts.maxUpdateAttempts ?? 1000;
    for (let i = 0; i < attempts; i++) {
      let next: KubeObject | undefined;
      try {
        next = await fn(current);
      } catch (err) {
        if (fresh!) throw err;
        await read(); // it may have failed on stale data
        continue;
      }
      if (next === undefined) {
        if (fresh!) return current;
        await read();
        continue;
      }
      const value = encode(next);
      // A cached copy can only rule a no-op out (other JSON); otherwise the stored bytes decide.
      if (current && (fresh! ? value.equals(stored!) : sameStored(next, current.object))) {
        if (fresh!) return current; // no-op update: no write, same resourceVersion
        await read(); // maybe a no-op: decide on the stored bytes
        continue;
      }
      const cmp = current ? modIs(k, current.rv) : createIsZero(k);
      const res = await this.txn(key, cmp, [{ request_put: { key: k, value } }], k);
      if (res.succeeded) {
        const rv = res.header.revision;
        return { key, object: withRv(next, rv), rv };
      }
      // Lost a race (or the copy was stale): retry on the state the failed txn read.
      const kv = elseKv(res);
      current = kv ? decodeKv(kv) : undefined;
      stored = kv?.value;
      fresh = true;
    }
    throw new StorageError('Conflict', key, `guaranteedUpdate: still conflicting after ${attempts} attempts`);
  }

  async delete(key: string, rv?: string): Promise<Stored> {
    const k = Buffer.from(key);
    const cmp = rv && rv !== '0' ? modIs(k, rv) : exists(k);
    const res = await this.txn(key, cmp, [{ request_delete_range: { key: k, prev_kv: true } }], k);
    if (!res.succeeded) throw new StorageError(elseKv(res) ? 'Conflict' : 'KeyNotFound', key);
    const prev = res.responses[0]?.response_delete_range?.prev_kvs[0];
    if (!prev) throw new StorageError('KeyNotFound', key);
    return decodeKv(prev, res.header.revision);
  }

  list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return listFromEtcd(this.kv, prefix, opts);
  }

  watch(prefix: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return watchEtcd(
      {
        client: this.client,
        logger: this.opts.logger,
        bufferSize: this.opts.watchBufferSize ?? 10_000,
        bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 60_000,
        open: this.open,
      },
      prefix,
      opts,
      signal,
    );
  }

  async currentRevision(): Promise<string> {
    try {
      const res = await this.kv.range({ key: Buffer.from('\0'), count_only: true });
      return res.header.revision;
    } catch (err) {
      throw mapEtcdError(err, '');
    }
  }

  /** Ends open watches; closes the client when this store made it. */
  async close(): Promise<void> {
    for (const ch of this.open) ch.close();
    this.open.clear();
    if (this.ownsClient) this.client.close();
  }
}
