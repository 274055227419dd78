// Watch events shared by the etcd watch and the watch cache: one change as read from etcd, and how a
// watcher with a filter sees it (Kubernetes semantics: an object that starts matching is ADDED, one
// that stops matching is DELETED carrying its previous state).
import type { IEvent } from 'etcd3';
import { decodeKv, withRv } from './codec.js';
import type { KubeObject, WatchEvent } from './types.js';

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** New state; for DELETED the last state with metadata.resourceVersion = the delete revision. */
  object: KubeObject;
  /** State before the change, when known (undefined for ADDED). */
  prev?: KubeObject;
  rv: string;
  rvNum: number;
}

/** A change from an etcd watch event; `prevKnown` supplies the previous state when prev_kv is absent. */
export function changeFromEtcd(ev: IEvent, prevKnown?: KubeObject): Change | undefined {
  const key = ev.kv.key.toString('utf8');
  const rv = ev.kv.mod_revision;
  if (ev.type === 'Delete') {
    const last = ev.prev_kv ? decodeKv(ev.prev_kv, rv).object : prevKnown ? withRv(prevKnown, rv) : undefined;
    if (!last) return undefined; // a delete of something never seen, with no previous value
    return { type: 'DELETED', key, object: last, rv, rvNum: Number(rv) };
  }
  const object = decodeKv(ev.kv).object;
  const added = ev.kv.create_revision === ev.kv.mod_revision;
  const prev = added ? undefined : ev.prev_kv ? decodeKv(ev.prev_kv).object : prevKnown;
  return { type: added ? 'ADDED' : 'MODIFIED', key, object, prev, rv, rvNum: Number(rv) };
}

/** What a watcher with `filter` sees of a change; undefined when nothing. */
export function filterChange(c: Change, filter?: (obj: KubeObject) => boolean): WatchEvent | undefined {
  if (!filter) return { type: c.type, object: c.object, key: c.key, rv: c.rv };
  if (c.type !== 'MODIFIED') return filter(c.object) ? { type: c.type, object: c.object, key: c.key, rv: c.rv } : undefined;
  const now = filter(c.object);
  const before = c.prev ? filter(c.prev) : now;
  if (now && before) return { type: 'MODIFIED', object: c.object, key: c.key, rv: c.rv };
  if (now) return { type: 'ADDED', object: c.object, key: c.key, rv: c.rv };
  if (before && c.prev) return { type: 'DELETED', object: withRv(c.prev, c.rv), key: c.key, rv: c.rv };
  return undefined;
}

/** A BOOKMARK carrying revision `rv` (the server fills in apiVersion/kind). */
export function bookmark(rv: string): WatchEvent {
  return { type: 'BOOKMARK', object: { metadata: { resourceVersion: rv } }, key: '', rv };
}
