// Client-side apply's three-way strategic merge patch, computed as kubectl's
// CreateThreeWayMergePatch does: the changes taking `live` to `modified` (additions and updates
// only) merged with the deletions from `original` (the last-applied configuration) to `modified`.
// Keyed lists (containers by name, ports by containerPort, …) are diffed element by element from
// the API type model in apimachinery/merge-keys.ts (pure data, shared with the API server), so fields other clients set
// inside list elements survive; `$setElementOrder`, `$patch: delete` and
// `$deleteFromPrimitiveList` directives are emitted like kubectl's.
import { jsonEqual } from '../apimachinery/objects.js';
import { elemSchema, fieldSchema, schemaFor, type GroupVersionKind, type Schema } from '../apimachinery/merge-keys.js';
import { isObject, isSubset, type JsonObject } from './merge.js';

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** True when the API type model knows the kind (built-ins); custom kinds get a JSON merge patch. */
export function hasStrategicSchema(gvk: GroupVersionKind): boolean {
  return schemaFor(gvk) !== schemaFor({ group: '\u0000', version: '', kind: '\u0000' });
}

export function threeWayStrategicPatch(original: JsonObject | undefined, modified: JsonObject, live: JsonObject, gvk: GroupVersionKind): JsonObject {
  const schema = schemaFor(gvk);
  const delta = diffObject(live, modified, schema, false);
  const deletions = original ? diffObject(original, modified, schema, true) : {};
  return mergePatches(deletions, delta, schema);
}

function keyedList(s: Schema): { key?: string; scalar: boolean } | undefined {
  if (s.kind !== 'list' || s.strategy === 'atomic') return undefined;
  return { key: s.mergeKey, scalar: !s.mergeKey };
}

/**
 * The patch from `from` to `to`. With `deletionsOnly`, only what `to` dropped (null, `$patch: delete`,
 * `$deleteFromPrimitiveList`); otherwise only additions and changes.
 */
function diffObject(from: JsonObject, to: JsonObject, schema: Schema, deletionsOnly: boolean): JsonObject {
  const patch: JsonObject = {};
  if (deletionsOnly) {
    for (const k of Object.keys(from)) {
      if (!(k in to)) {
        patch[k] = null;
        continue;
      }
      const sub = diffValue(k, from[k], to[k], fieldSchema(schema, k), true, patch);
      if (sub !== undefined) patch[k] = sub;
    }
    return patch;
  }
  for (const [k, t] of Object.entries(to)) {
    if (!(k in from)) {
      patch[k] = t;
      continue;
    }
    const sub = diffValue(k, from[k], t, fieldSchema(schema, k), false, patch);
    if (sub !== undefined) patch[k] = sub;
  }
  return patch;
}

/** The patch value for one field, or undefined when nothing changes; may add directives to `parent`. */
function diffValue(field: string, from: unknown, to: unknown, schema: Schema, deletionsOnly: boolean, parent: JsonObject): unknown {
  if (isObject(from) && isObject(to)) {
    const sub = diffObject(from, to, schema, deletionsOnly);
    return Object.keys(sub).length ? sub : undefined;
  }
  const list = keyedList(schema);
  if (list && Array.isArray(from) && Array.isArray(to)) {
    if (list.scalar) {
      if (deletionsOnly) {
        const gone = from.filter((x) => !to.some((y) => isSubset(x, y) && isSubset(y, x)));
        if (gone.length) parent[DELETE_PRIMITIVE + field] = gone;
        return undefined;
      }
      const added = to.filter((x) => !from.some((y) => isSubset(x, y) && isSubset(y, x)));
      if (added.length === 0 && from.length === to.length) return undefined;
      if (added.length) parent[SET_ORDER + field] = to;
      return added.length ? added : undefined;
    }
    return diffKeyedList(field, from, to, list.key ?? 'name', elemSchema(schema), deletionsOnly, parent);
  }
  if (deletionsOnly) return undefined;
  return jsonEqual(from, to) ? undefined : to;
}

function diffKeyedList(field: string, from: unknown[], to: unknown[], key: string, schema: Schema, deletionsOnly: boolean, parent: JsonObject): unknown[] | undefined {
  const keyOf = (x: unknown): unknown => (isObject(x) ? x[key] : undefined);
  const find = (list: unknown[], k: unknown): JsonObject | undefined => list.find((x) => isObject(x) && jsonEqual(x[key], k)) as JsonObject | undefined;
  const out: unknown[] = [];
  if (deletionsOnly) {
    for (const f of from) {
      if (!isObject(f)) continue;
      const t = find(to, keyOf(f));
      if (!t) out.push({ [key]: keyOf(f), $patch: 'delete' });
      else {
        const sub = diffObject(f, t, schema, true);
        if (Object.keys(sub).length) out.push({ ...sub, [key]: keyOf(f) });
      }
    }
    return out.length ? out : undefined;
  }
  for (const t of to) {
    if (!isObject(t)) continue;
    const f = find(from, keyOf(t));
    if (!f) out.push(t);
    else {
      const sub = diffObject(f, t, schema, false);
      if (Object.keys(sub).length) out.push({ ...sub, [key]: keyOf(t) });
    }
  }
  const fromKeys = from.map(keyOf);
  const toKeys = to.map(keyOf);
  const reordered = !jsonEqual(fromKeys.filter((k) => toKeys.some((x) => jsonEqual(x, k))), toKeys.filter((k) => fromKeys.some((x) => jsonEqual(x, k))));
  if (out.length || reordered) parent[SET_ORDER + field] = to.filter(isObject).map((t) => ({ [key]: t[key] }));
  return out.length ? out : undefined;
}

/** Merges two patches (deletions first, then changes), keyed list entries joined by key. */
function mergePatches(a: JsonObject, b: JsonObject, schema: Schema): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (isObject(prev) && isObject(v)) out[k] = mergePatches(prev, v, fieldSchema(schema, k));
    else if (Array.isArray(prev) && Array.isArray(v)) {
      const list = keyedList(fieldSchema(schema, k));
      if (list?.key) {
        const key = list.key;
        const merged = [...prev];
        for (const item of v) {
          const i = merged.findIndex((x) => isObject(x) && isObject(item) && jsonEqual(x[key], item[key]));
          if (i >= 0 && isObject(merged[i]) && isObject(item)) merged[i] = mergePatches(merged[i] as JsonObject, item, elemSchema(fieldSchema(schema, k)));
          else merged.push(item);
        }
        out[k] = merged;
      } else out[k] = [...prev, ...v];
    } else out[k] = v;
  }
  return out;
}
