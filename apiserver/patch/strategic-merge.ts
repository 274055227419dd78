// Kubernetes strategic merge patch (application/strategic-merge-patch+json) as kubectl sends it:
// maps merge recursively, null deletes, lists merge or are replaced according to the type model
// in apimachinery/merge-keys.ts, and the $patch / $retainKeys / $setElementOrder / $deleteFromPrimitiveList
// directives are honoured. The original is copied once up front; the copy is then changed in place.

import { errors } from '../../apimachinery/errors.js';
import { clone, interleave, isObject, show, type JsonObject } from './json.js';
import { jsonEqual } from '../../apimachinery/objects.js';
import { elemSchema, fieldSchema, schemaFor, type GroupVersionKind, type Schema } from '../../apimachinery/merge-keys.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** Applies a strategic merge patch to `original` for an object of kind `gvk`; inputs are not changed. */
export function strategicMergePatch(original: object, patch: object, gvk: GroupVersionKind): JsonObject {
  if (!isObject(patch)) throw errors.badRequest(`strategic merge patch must be a JSON object, got ${show(patch, 80)}`);
  const target: JsonObject = isObject(original) ? clone(original) : {};
  return mergeMap(target, patch, schemaFor(gvk), '');
}

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Merges `patch` into `target` (owned by us) and returns the result. */
function mergeMap(target: JsonObject, patch: JsonObject, schema: Schema, path: string): JsonObject {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === 'delete') return {};
    if (directive === 'replace') {
      const rest = { ...patch };
      delete rest[PATCH];
      return mergeMap({}, rest, schema, path);
    }
    if (directive !== 'merge') {
      throw errors.badRequest(`unknown patch type: ${show(directive)} in map: ${show(patch)}${path ? ` at ${path}` : ''}`);
    }
  }
  if (RETAIN_KEYS in patch) applyRetainKeys(target, patch, path);
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(DELETE_PRIMITIVE)) continue;
    const field = k.slice(DELETE_PRIMITIVE.length);
    if (!Array.isArray(v)) throw errors.badRequest(`${k} at ${at(path, field)} must be a list, got ${show(v)}`);
    const cur = target[field];
    if (Array.isArray(cur)) target[field] = cur.filter((x) => !v.some((d) => jsonEqual(d, x)));
  }
  const before = new Map<string, unknown[]>();
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const field = k.slice(SET_ORDER.length);
    const cur = target[field];
    before.set(field, Array.isArray(cur) ? [...cur] : []);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) {
      if (k === PATCH || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
      throw errors.badRequest(`unknown strategic merge patch directive ${JSON.stringify(k)} at ${path || '<root>'}`);
    }
    if (v === null) {
      delete target[k];
      continue;
    }
    target[k] = mergeValue(target[k], v, fieldSchema(schema, k), at(path, k));
  }
  for (const [field, orig] of before) {
    const order = patch[SET_ORDER + field];
    if (!Array.isArray(order)) {
      throw errors.badRequest(`${SET_ORDER}${field} at ${at(path, field)} must be a list, got ${show(order)}`);
    }
    const list = target[field];
    if (!Array.isArray(list)) continue;
    const fs = fieldSchema(schema, field);
    target[field] = applyElementOrder(list, order, orig, fs.kind === 'list' ? fs.mergeKey : undefined);
  }
  return target;
}

/** `$retainKeys`: every key the patch sets must be listed; original keys not listed are dropped. */
function applyRetainKeys(target: JsonObject, patch: JsonObject, path: string): void {
  const keep = patch[RETAIN_KEYS];
  if (!Array.isArray(keep) || !keep.every((x) => typeof x === 'string')) {
    throw errors.badRequest(`invalid patch format of retainKeys at ${path || '<root>'}: ${show(keep)} is not a list of strings`);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$') || v === null) continue;
    if (!keep.includes(k)) {
      throw errors.badRequest(`invalid patch format of retainKeys at ${path || '<root>'}: ${JSON.stringify(k)} is set but not retained`);
    }
  }
  for (const k of Object.keys(target)) if (!keep.includes(k)) delete target[k];
}

function mergeValue(orig: unknown, patch: unknown, schema: Schema, path: string): unknown {
  if (isObject(patch) && schema.kind === 'struct' && schema.replace) return clone(patch);
  if (isObject(patch)) return mergeMap(isObject(orig) ? orig : {}, patch, schema, path);
  if (Array.isArray(patch)) return mergeList(Array.isArray(orig) ? orig : [], patch, schema, path);
  return patch;
}

function mergeList(orig: unknown[], patch: unknown[], schema: Schema, path: string): unknown[] {
  if (schema.kind !== 'list' || schema.strategy === 'atomic') return clone(patch);
  const replaceAt = patch.findIndex((x) => isObject(x) && x[PATCH] === 'replace');
  if (replaceAt >= 0) return mergeList([], patch.filter((_, i) => i !== replaceAt), schema, path);
  const key = schema.mergeKey;
  if (key === undefined) {
    // A merging list of scalars (finalizers): a union, in patch order, original-only values kept in place.
    const values: unknown[] = [];
    for (const x of patch) {
      if (isObject(x)) throw errors.badRequest(`${path}: unexpected map ${show(x)} in a list of primitives`);
      if (!values.some((y) => jsonEqual(x, y))) values.push(clone(x));
    }
    const id = (x: unknown): string => JSON.stringify(x) ?? '';
    const inPatch = new Set(values.map(id));
    return interleave(values, orig.filter((x) => !inPatch.has(id(x))), orig.map(id), id);
  }
  const items = patch.map((x) => {
    if (!isObject(x)) throw errors.badRequest(`${path}: list element ${show(x)} is not a map (merge key ${key})`);
    if (x[key] === undefined) throw errors.badRequest(`${path}: map: ${show(x)} does not contain declared merge key: ${key}`);
    return x;
  });
  const id = (x: unknown): string => JSON.stringify(isObject(x) ? x[key] : undefined) ?? '';
  const serverOrder = orig.map(id);
  let out = orig;
  for (const x of items) {
    const d = x[PATCH];
    if (d === 'delete') out = out.filter((y) => !(isObject(y) && jsonEqual(y[key], x[key])));
    else if (d !== undefined && d !== 'merge') {
      throw errors.badRequest(`unknown patch type: ${show(d)} in map: ${show(x)} at ${path}`);
    }
  }
  for (const x of items) {
    if (x[PATCH] === 'delete') continue;
    const elem = { ...x };
    delete elem[PATCH];
    const i = out.findIndex((y) => isObject(y) && jsonEqual(y[key], x[key]));
    const pathI = `${path}[${key}=${show(x[key])}]`;
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, elem, elemSchema(schema), pathI);
    else out.push(mergeMap({}, elem, elemSchema(schema), pathI));
  }
  // Like Kubernetes: patched elements in patch order, the others where they were.
  const patched = new Set(items.filter((x) => x[PATCH] !== 'delete').map(id));
  const ordered = [...patched].map((k) => out.find((y) => id(y) === k)).filter((y) => y !== undefined);
  return interleave(ordered, out.filter((y) => !patched.has(id(y))), serverOrder, id);
}

/**
 * `$setElementOrder/<field>`: elements named in `order` come in that order; the others keep their
 * place relative to them as it was in the original list (`orig`).
 */
export function applyElementOrder(list: unknown[], order: unknown[], orig: unknown[], key?: string): unknown[] {
  const id = (x: unknown): string => JSON.stringify(key !== undefined ? (isObject(x) ? x[key] : undefined) : x) ?? '';
  const wanted = new Map<string, number>();
  order.forEach((o, i) => {
    if (!wanted.has(id(o))) wanted.set(id(o), i);
  });
  const ordered = list.filter((x) => wanted.has(id(x))).sort((a, b) => wanted.get(id(a))! - wanted.get(id(b))!);
  const rest = list.filter((x) => !wanted.has(id(x)));
  return interleave(ordered, rest, orig.map(id), id);
}
