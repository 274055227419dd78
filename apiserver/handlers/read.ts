// get, list and watch: object and Table output, selectors, paging, and the watch stream
// (headers flushed at once, one JSON event per line, no buffering).
import { once } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors, ApiError } from '../../apimachinery/errors.js';
import { parseSelector, matches } from '../../apimachinery/labels.js';
import { type Obj, isObj } from '../../apimachinery/objects.js';
import { type ResourceInfo, groupVersion } from '../registry/resources.js';
import { StorageError, parseRv } from '../storage/index.js';
import type { HandlerContext } from './context.js';
import { type Query, str, int, bool } from './query.js';

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((p) => /as=Table/.test(p) && /g=meta\.k8s\.io/.test(p));
}

export function includeObject(q: Query): 'None' | 'Metadata' | 'Object' {
  const v = str(q, 'includeObject') ?? 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw errors.badRequest(`includeObject: Unsupported value: "${v}"`);
}

/** Combined label + field selector predicate (plus metadata.name for a named watch). */
export function buildFilter(ctx: HandlerContext, info: ResourceInfo, q: Query, name?: string): ((o: Obj) => boolean) | undefined {
  const ls = str(q, 'labelSelector');
  const fs = str(q, 'fieldSelector');
  const preds: ((o: Obj) => boolean)[] = [];
  if (ls) {
    const sel = parseSelector(ls);
    preds.push((o) => matches(sel, (isObj(o.metadata) && isObj(o.metadata.labels) ? o.metadata.labels : {}) as Record<string, string>));
  }
  if (fs) preds.push(ctx.engines.fieldFilter(info, fs));
  if (name) preds.push((o) => isObj(o.metadata) && o.metadata.name === name);
  if (preds.length === 0) return undefined;
  return (o) => preds.every((p) => p(o));
}

/** ?resourceVersion= on get, list and watch: empty or an etcd revision; anything else is a 400. */
function resourceVersion(q: Query): string | undefined {
  const rv = str(q, 'resourceVersion');
  if (rv === undefined || rv === '') return undefined;
  parseRv(rv, '');
  return rv;
}

export async function handleGet(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  resourceVersion(req.query as Query);
  const obj = await ctx.registry.get(info, ns, name);
  if (wantsTable(req.headers.accept)) {
    const q = req.query as Query;
    return sendJson(reply, 200, ctx.engines.toTable(info, [obj], { now: new Date(), includeObject: includeObject(q), listMeta: { resourceVersion: String((obj.metadata as Obj).resourceVersion ?? '') } }));
  }
  return sendJson(reply, 200, obj);
}

export async function handleList(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const q = req.query as Query;
  const filter = buildFilter(ctx, info, q);
  const match = str(q, 'resourceVersionMatch');
  if (match !== undefined && match !== 'NotOlderThan' && match !== 'Exact') throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${match}"`);
  const rv = str(q, 'resourceVersion');
  if (match !== undefined && (rv === undefined || rv === '')) throw errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const limit = int(q, 'limit');
  const result = await ctx.registry.list(info, ns, {
    limit: limit && limit > 0 ? limit : undefined,
    continue: str(q, 'continue') || undefined,
    resourceVersion: rv === '' ? undefined : rv,
    resourceVersionMatch: match as 'NotOlderThan' | 'Exact' | undefined,
    filter,
  });
  const listMeta: Record<string, unknown> = { resourceVersion: result.rv };
  if (result.continue) listMeta.continue = result.continue;
  if (result.remainingItemCount !== undefined && result.continue) listMeta.remainingItemCount = result.remainingItemCount;
  // Objects may be shared with the watch cache: never mutate them, copy the top level.
  const items = result.items.map((s) => withTypeMeta(info, s.object));
  if (wantsTable(req.headers.accept)) {
    return sendJson(reply, 200, ctx.engines.toTable(info, items, { now: new Date(), includeObject: includeObject(q), listMeta }));
  }
  return sendJson(reply, 200, { kind: info.listKind, apiVersion: groupVersion(info), metadata: listMeta, items });
}

export async function handleWatch(ctx: HandlerContext, info: ResourceInfo, ns: string | undefined, name: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const q = req.query as Query;
  const filter = buildFilter(ctx, info, q, name);
  const table = wantsTable(req.headers.accept);
  const rv = resourceVersion(q);
  const timeout = int(q, 'timeoutSeconds');
  const abort = new AbortController();
  const iterable = ctx.registry.watch(info, ns, rv, filter, bool(q, 'allowWatchBookmarks'), abort.signal);
  const iterator = iterable[Symbol.asyncIterator]();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  res.socket?.setTimeout(0);
  const stop = (): void => abort.abort();
  req.raw.on('close', stop);
  res.on('close', stop);
  const timer = timeout && timeout > 0 ? setTimeout(stop, timeout * 1000) : undefined;
  let first = true;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || abort.signal.aborted) break;
      const ev = next.value;
      let object: Obj = ev.object;
      if (ev.type !== 'BOOKMARK') {
        object = withTypeMeta(info, object);
        if (table) {
          object = ctx.engines.toTable(info, [object], { now: new Date(), includeObject: includeObject(q), noHeaders: !first });
          first = false;
        }
      } else {
        object = { kind: info.kind, apiVersion: groupVersion(info), metadata: { resourceVersion: ev.rv } };
      }
      const ok = res.write(JSON.stringify({ type: ev.type, object }) + '\n');
      // Back-pressure: wait for the socket to drain; a closed watch aborts the wait (no listener left behind).
      if (!ok) await once(res, 'drain', { signal: abort.signal }).catch(() => undefined);
    }
  } catch (e) {
    if (!abort.signal.aborted) {
      const status = e instanceof StorageError && e.code === 'Compacted'
        ? errors.gone(`too old resource version: ${rv ?? ''}`).toStatus()
        : e instanceof ApiError ? e.toStatus() : errors.internal(String(e)).toStatus();
      res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
    }
  } finally {
    if (timer) clearTimeout(timer);
    abort.abort();
    await iterator.return?.();
    res.end();
  }
}

/** A shallow copy carrying apiVersion and kind first (stored objects are shared and left untouched). */
function withTypeMeta(info: ResourceInfo, o: Obj): Obj {
  return { apiVersion: groupVersion(info), kind: info.kind, ...o };
}

export function sendJson(reply: FastifyReply, code: number, body: unknown, headers: Record<string, string> = {}): void {
  void reply.code(code).headers({ 'content-type': 'application/json', ...headers }).send(JSON.stringify(body));
}
