// The list verb against etcd: a consistent or exact-revision range read, paged in matching items
// (the filter runs before paging, reading more from etcd as needed), with Kubernetes-style continue
// tokens that pin later pages to the revision of the first one.
import type { IRangeResponse, KVClient } from 'etcd3';
import { decodeContinue, decodeKv, encodeContinue, mapEtcdError, parseRv, prefixEnd, tooOldContinue } from './codec.js';
import { StorageError, type ListOptions, type ListResult, type Stored } from './types.js';

/** The largest batch read from etcd at once while a filter rejects items. */
const maxBatch = 2_000;
/** Keys read per etcd range when the caller set no limit: keeps each gRPC message well under 4 MiB. */
const unlimitedBatch = 1_000;

interface ReadPlan {
  startKey: string;
  /** 0 = latest. */
  revision: number;
  /** Latest must be at least this (NotOlderThan). */
  minRevision: number;
  fromContinue: boolean;
}

function plan(prefix: string, opts: ListOptions): ReadPlan {
  if (opts.continue) {
    const t = decodeContinue(prefix, opts.continue);
    return { startKey: t.startKey, revision: t.rv, minRevision: 0, fromContinue: true };
  }
  const rv = opts.resourceVersion;
  if (!rv || rv === '0') return { startKey: prefix, revision: 0, minRevision: 0, fromContinue: false };
  const n = parseRv(rv, prefix);
  // Kubernetes: an unset match with a limit reads exactly at rv; without a limit it means NotOlderThan.
  const exact = opts.resourceVersionMatch === 'Exact' || (opts.resourceVersionMatch === undefined && (opts.limit ?? 0) > 0);
  return exact
    ? { startKey: prefix, revision: n, minRevision: 0, fromContinue: false }
    : { startKey: prefix, revision: 0, minRevision: n, fromContinue: false };
}

async function range(kv: KVClient, p: ReadPlan, prefix: string, start: string, end: Buffer, limit: number): Promise<IRangeResponse> {
  try {
    return await kv.range({
      key: Buffer.from(start),
      range_end: end,
      revision: p.revision || undefined,
      limit: limit || undefined,
    });
  } catch (err) {
    const mapped = mapEtcdError(err, prefix);
    if (mapped instanceof StorageError && mapped.code === 'Compacted') {
      throw new StorageError('Compacted', prefix, p.fromContinue ? tooOldContinue : 'too old resource version');
    }
    throw mapped;
  }
}

export async function listFromEtcd(kv: KVClient, prefix: string, opts: ListOptions = {}): Promise<ListResult> {
  const p = plan(prefix, opts);
  const end = prefixEnd(prefix);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
  const filter = opts.filter;
  const items: Stored[] = [];
  let start = p.startKey;
  let batch = limit || unlimitedBatch;
  let first = true;
  for (;;) {
    const res = await range(kv, p, prefix, start, end, batch);
    if (p.revision === 0) {
      p.revision = Number(res.header.revision);
      if (p.revision < p.minRevision) throw new StorageError('TooLargeResourceVersion', prefix, 'Too large resource version');
    }
    const kvs = res.kvs;
    for (let i = 0; i < kvs.length; i++) {
      const s = decodeKv(kvs[i]!);
      if (filter && !filter(s.object)) continue;
      items.push(s);
      if (limit && items.length === limit) {
        const more = i < kvs.length - 1 || res.more;
        if (!more) return { items, rv: String(p.revision) };
        const out: ListResult = { items, rv: String(p.revision), continue: encodeContinue(prefix, `${s.key}\0`, p.revision) };
        if (!filter && first) out.remainingItemCount = Number(res.count) - (i + 1);
        return out;
      }
    }
    if (!res.more || kvs.length === 0) return { items, rv: String(p.revision) };
    start = `${kvs[kvs.length - 1]!.key.toString('utf8')}\0`;
    first = false;
    batch = Math.min(maxBatch, batch * 2);
  }
}
