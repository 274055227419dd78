// Schema-aware walks over objects for server-side apply and managed fields: the field set an object
// sets, the difference between two objects as field sets, the apply merge (maps merge, keyed lists
// merge by key, sets union, atomic values are replaced) and removal of fields by path.

import { errors } from '../../apimachinery/errors.js';
import { FieldSet, fieldElement, keyElement, pathToString, valueElement, type FieldPath } from './fieldpath.js';
import { clone, interleave, isObject, show, type JsonObject } from './json.js';
import { jsonEqual } from '../../apimachinery/objects.js';
import { elemSchema, fieldSchema, type ListSchema, type Schema } from '../../apimachinery/merge-keys.js';

type NodeKind = 'leaf' | 'item' | 'struct' | 'map' | 'list';

interface FieldNode {
  path: FieldPath;
  kind: NodeKind;
  value: unknown;
  /** A container that had no members at all (recorded as a leaf). */
  empty: boolean;
}

export interface WalkOptions {
  /** Subtrees left out, as paths of 'f:' elements, e.g. [['f:status']]. */
  ignore?: readonly FieldPath[];
  /** Reject duplicate keys and missing key fields (applied configurations); otherwise skip them. */
  strict?: boolean;
}

/** Top-level fields the API server owns itself; they never appear in managedFields. */
export const STRIPPED_FIELDS: readonly FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion'].map(
    (f) => ['f:metadata', fieldElement(f)],
  ),
];

function isAtomic(schema: Schema, value: unknown): boolean {
  if (schema.kind === 'scalar') return true;
  if (schema.kind === 'struct' && schema.atomic) return true;
  if (schema.kind === 'list') return schema.listType === 'atomic' || !Array.isArray(value);
  if (Array.isArray(value)) return true; // untyped lists are atomic
  return !isObject(value);
}

/** The 'k:' element identifying a list-map item, with Kubernetes' key defaults filled in. */
export function itemKey(item: unknown, list: ListSchema): string | undefined {
  if (!isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const k of list.listMapKeys ?? []) {
    const v = item[k] ?? list.keyDefaults?.[k];
    if (v === undefined || v === null) return undefined;
    key[k] = v;
  }
  return keyElement(key);
}

type Walk = (out: Map<string, FieldNode>, value: unknown, s: Schema, path: FieldPath, asItem: boolean, key?: string) => void;

const SEP = '\u0000';
const childKey = (key: string, el: string): string => (key === '' ? el : key + SEP + el);

/** The walk that records every node of a value below `path` into a map keyed by path. */
function walker(opts: WalkOptions, ignored: ReadonlySet<string>): Walk {
  // `key` is path joined by SEP (FieldSet's key), carried down rather than joined at every node.
  const walk: Walk = (out, value, s, path, asItem, key = path.join(SEP)) => {
    if (ignored.has(key)) return;
    if (isAtomic(s, value)) {
      if (path.length) out.set(key, { path, kind: asItem ? 'item' : 'leaf', value, empty: false });
      return;
    }
    if (Array.isArray(value)) {
      const list = s as ListSchema;
      out.set(key, { path, kind: asItem ? 'item' : 'list', value, empty: value.length === 0 });
      const seen = new Set<string>();
      value.forEach((item, i) => {
        const el = list.listType === 'set' ? valueElement(item) : itemKey(item, list);
        const where = `${pathToString(path)}: element ${i}`;
        if (el === undefined) {
          if (!opts.strict) return;
          throw errors.badRequest(
            `${where}: associative list with keys has an element that omits key field(s) ${show(list.listMapKeys)} (and doesn't have default value)`,
          );
        }
        if (seen.has(el)) {
          if (!opts.strict) return;
          throw errors.badRequest(`${where}: duplicate entries for key ${pathToString([el])}`);
        }
        seen.add(el);
        walk(out, item, list.listType === 'set' ? { kind: 'scalar' } : list.elem, [...path, el], true, childKey(key, el));
      });
      return;
    }
    const o = value as JsonObject;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    if (path.length) out.set(key, { path, kind: asItem ? 'item' : s.kind === 'struct' ? 'struct' : 'map', value, empty: keys.length === 0 });
    for (const k of keys) {
      const el = fieldElement(k);
      walk(out, o[k], fieldSchema(s, k), [...path, el], false, childKey(key, el));
    }
  };
  return walk;
}

const ignoredKeys = (opts: WalkOptions): Set<string> => new Set((opts.ignore ?? []).map((p) => p.join(SEP)));

/** Every node of `obj` below the root, keyed by path. */
export function flatten(obj: unknown, schema: Schema, opts: WalkOptions = {}): Map<string, FieldNode> {
  const out = new Map<string, FieldNode>();
  walker(opts, ignoredKeys(opts))(out, obj, schema, [], false);
  return out;
}

/**
 * flatten() of `before` into `a` and of `after` into `b`, except that members equal on both sides
 * are left out of both: they cannot differ, and most of an object is unchanged by a write.
 */
function flattenChanged(before: unknown, after: unknown, schema: Schema, opts: WalkOptions, a: Map<string, FieldNode>, b: Map<string, FieldNode>): void {
  const ignored = ignoredKeys(opts);
  const walk = walker(opts, ignored);
  const pair = (x: unknown, y: unknown, s: Schema, path: FieldPath, key: string): void => {
    if (ignored.has(key)) return;
    if (!isObject(x) || !isObject(y) || isAtomic(s, x) || isAtomic(s, y)) {
      walk(a, x, s, path, false, key);
      walk(b, y, s, path, false, key);
      return;
    }
    const xk = Object.keys(x).filter((k) => x[k] !== undefined);
    const yk = Object.keys(y).filter((k) => y[k] !== undefined);
    if (path.length) {
      const kind = s.kind === 'struct' ? 'struct' : 'map';
      a.set(key, { path, kind, value: x, empty: xk.length === 0 });
      b.set(key, { path, kind, value: y, empty: yk.length === 0 });
    }
    for (const k of xk) {
      const el = fieldElement(k);
      if (y[k] === undefined) walk(a, x[k], fieldSchema(s, k), [...path, el], false, childKey(key, el));
      else if (!jsonEqual(x[k], y[k])) pair(x[k], y[k], fieldSchema(s, k), [...path, el], childKey(key, el));
    }
    for (const k of yk) {
      const el = fieldElement(k);
      if (x[k] === undefined) walk(b, y[k], fieldSchema(s, k), [...path, el], false, childKey(key, el));
    }
  };
  pair(before, after, schema, [], '');
}

/** The fields an applied configuration sets: leaves, list items and empty containers. */
export function appliedFieldSet(obj: unknown, schema: Schema, opts: WalkOptions = {}): FieldSet {
  return new FieldSet(
    [...flatten(obj, schema, opts).values()].filter((n) => n.kind === 'leaf' || n.kind === 'item' || n.empty).map((n) => n.path),
  );
}

export interface Comparison {
  /** Present in `after` only (structs and merged lists themselves are not recorded). */
  added: FieldSet;
  /** Leaves present in both with different values. */
  modified: FieldSet;
  /** Present in `before` only. */
  removed: FieldSet;
}

export function compare(before: unknown, after: unknown, schema: Schema, opts: WalkOptions = {}): Comparison {
  const a = new Map<string, FieldNode>();
  const b = new Map<string, FieldNode>();
  flattenChanged(before, after, schema, opts, a, b);
  // Keyed as FieldSet keys them (the map keys), so the sets are built without re-keying.
  const added = new Map<string, FieldPath>();
  const modified = new Map<string, FieldPath>();
  const removed = new Map<string, FieldPath>();
  for (const [k, n] of b) {
    const old = a.get(k);
    if (!old) {
      if (n.kind === 'leaf' || n.kind === 'item' || n.kind === 'map' || n.empty) added.set(k, n.path);
    } else if ((n.kind === 'leaf' || old.kind === 'leaf' || n.empty !== old.empty) && !jsonEqual(n.value, old.value)) {
      modified.set(k, n.path);
    } else if (n.kind === 'item' && old.kind === 'item' && !isObject(n.value) && !jsonEqual(n.value, old.value)) {
      modified.set(k, n.path);
    }
  }
  for (const [k, n] of a) if (!b.has(k)) removed.set(k, n.path);
  return { added: FieldSet.fromKeyed(added), modified: FieldSet.fromKeyed(modified), removed: FieldSet.fromKeyed(removed) };
}

/** Drops null members: in an applied configuration they mean "not set". */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(stripNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = stripNulls(x);
    return out;
  }
  return v;
}

/** Merges an applied configuration into `live`, returning a new value. */
export function applyMerge(live: unknown, applied: unknown, schema: Schema): unknown {
  if (isAtomic(schema, applied)) return clone(applied);
  if (Array.isArray(applied)) {
    const list = schema as ListSchema;
    const liveList = Array.isArray(live) ? live : [];
    const id = (x: unknown): string => (list.listType === 'set' ? valueElement(x) : (itemKey(x, list) ?? `?${show(x)}`));
    const liveById = new Map(liveList.map((x) => [id(x), x] as const));
    const appliedIds = new Set(applied.map(id));
    const merged = applied.map((x) => (list.listType === 'set' ? clone(x) : applyMerge(liveById.get(id(x)), x, list.elem)));
    const rest = liveList.filter((x) => !appliedIds.has(id(x))).map((x) => clone(x));
    return interleave(merged, rest, liveList.map(id), id);
  }
  const out: JsonObject = isObject(live) ? clone(live) : {};
  for (const [k, v] of Object.entries(applied as JsonObject)) out[k] = applyMerge(out[k], v, fieldSchema(schema, k));
  return out;
}

/** Removes the node at `path` from `obj` (changed in place); absent paths are ignored. */
export function removePath(obj: unknown, path: FieldPath, schema: Schema): void {
  let cur: unknown = obj;
  let s = schema;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    const last = i === path.length - 1;
    if (el.startsWith('f:')) {
      if (!isObject(cur)) return;
      const name = el.slice(2);
      if (last) {
        delete cur[name];
        return;
      }
      cur = cur[name];
      s = fieldSchema(s, name);
      continue;
    }
    if (!Array.isArray(cur)) return;
    const list = s as ListSchema;
    let idx = -1;
    if (el.startsWith('k:') && s.kind === 'list') idx = cur.findIndex((x) => itemKey(x, list) === el);
    else if (el.startsWith('v:')) idx = cur.findIndex((x) => valueElement(x) === el);
    else if (el.startsWith('i:')) idx = Number(el.slice(2)) < cur.length ? Number(el.slice(2)) : -1;
    if (idx < 0) return;
    if (last) {
      cur.splice(idx, 1);
      return;
    }
    cur = cur[idx];
    s = elemSchema(s);
  }
}
