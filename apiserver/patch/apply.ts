// Server-side apply (PATCH with application/apply-patch+yaml): merge the applied configuration into
// the live object by the type model, give the manager the fields it applied, remove fields it applied
// before but no longer does (unless someone else owns them), and refuse with 409 Conflict to change
// fields another manager owns unless forced (kubectl's client-side apply upgrade: last-applied.ts).

import { parseDocument } from 'yaml';
import { errors } from '../../apimachinery/errors.js';
import { FieldSet, type FieldPath } from './fieldpath.js';
import { clone, isObject, type JsonObject } from './json.js';
import {
  apiVersionOf,
  conflictError,
  decodeManagedFields,
  encodeManagedFields,
  ignoredFields,
  ownerId,
  type Conflict,
  type ManagedResult,
  type Owner,
} from './managed-fields.js';
import { schemaFor, type GroupVersionKind } from '../../apimachinery/merge-keys.js';
import { applyMerge, appliedFieldSet, compare, removePath, stripNulls } from './typed.js';
import { KUBECTL_MANAGER, conflictsNotAllowed, fieldsFromLastApplied, syncLastApplied } from './last-applied.js';

export interface ServerSideApplyOptions {
  /** The stored object; undefined when the apply creates it. */
  live?: object;
  /** The applied configuration (already parsed from JSON or YAML). */
  applied: object;
  /** ?fieldManager= (required for apply). */
  manager: string;
  /** ?force=true: take ownership of conflicting fields instead of failing. */
  force: boolean;
  gvk: GroupVersionKind;
  /** RFC 3339 time recorded on the manager's entry. */
  now: string;
  /** Set when applying through a subresource such as 'status' or 'scale'. */
  subresource?: string;
}

/**
 * Decodes an application/apply-patch+yaml body: kubectl sends JSON, other clients real YAML (JSON is
 * YAML, so one parser serves both). Must be a single mapping; anything else is a 400.
 */
export function decodeApplyBody(body: unknown): JsonObject {
  let value: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    const doc = parseDocument(text, { version: '1.2' });
    if (doc.errors.length > 0) throw errors.badRequest(`error decoding YAML: ${doc.errors[0].message}`);
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  }
  if (!isObject(value)) throw errors.badRequest('the applied configuration must be a YAML or JSON object');
  return value;
}

/** The manager Kubernetes invents for an object that had no managedFields before its first apply. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Applies `applied` as `manager`; returns the merged object (managedFields set) or throws 409. */
export function serverSideApply(o: ServerSideApplyOptions): ManagedResult {
  if (!o.manager) throw errors.badRequest('PATCH requests of apply type require a fieldManager (?fieldManager=)');
  if (o.manager.length > 128) throw errors.badRequest('fieldManager: Too long: may not be more than 128 bytes');
  if (!isObject(o.applied)) throw errors.badRequest('the applied configuration must be an object');
  const appliedMeta = (o.applied as JsonObject).metadata;
  if (isObject(appliedMeta) && Array.isArray(appliedMeta.managedFields) && appliedMeta.managedFields.length > 0) {
    throw errors.badRequest('metadata.managedFields must be nil');
  }
  const schema = schemaFor(o.gvk);
  const apiVersion = typeof (o.applied as JsonObject).apiVersion === 'string' ? ((o.applied as JsonObject).apiVersion as string) : apiVersionOf(o.gvk);
  const ignore = ignoredFields(o.subresource);
  const config = stripNulls(o.applied) as JsonObject;
  const live: JsonObject = o.live ? clone(o.live as JsonObject) : {};
  const liveMeta = isObject(live.metadata) ? live.metadata : {};

  const owners = decodeManagedFields(liveMeta.managedFields);
  if (o.live && owners.length === 0) {
    owners.push({
      manager: BEFORE_FIRST_APPLY,
      operation: 'Update',
      apiVersion,
      time: o.now,
      set: appliedFieldSet(live, schema, { ignore }),
    });
  }
  const newSet = appliedFieldSet(config, schema, { ignore, strict: true });
  const me = { manager: o.manager, operation: 'Apply' as const, subresource: o.subresource };
  const previous = owners.find((x) => ownerId(x) === ownerId(me));
  const others = owners.filter((x) => x !== previous);
  const othersOwn = others.reduce((acc, x) => acc.union(x.set), new FieldSet());

  const merged = applyMerge(live, config, schema) as JsonObject;
  // Prune: what this manager applied last time and no longer applies, unless someone else holds it.
  const dropped = (previous?.set ?? new FieldSet()).difference(newSet);
  const prunable = dropped
    .paths()
    .filter((p) => !othersOwn.has(p) && !othersOwn.hasDescendant(p) && !newSet.hasDescendant(p) && !isKeyField(p));
  for (const p of topmost(prunable)) removePath(merged, p, schema);

  const diff = compare(live, merged, schema, { ignore });
  const changed = diff.added.union(diff.modified);
  const conflicts: Conflict[] = [];
  for (const x of others) {
    for (const path of x.set.intersection(changed).paths()) conflicts.push({ owner: x, path });
  }
  if (conflicts.length && !o.force) {
    // kubectl's upgrade from client-side apply: fields the last-applied annotation already sets to
    // their live values are taken over without a conflict.
    const allowed = o.manager === KUBECTL_MANAGER ? fieldsFromLastApplied(live, apiVersionOf(o.gvk), schema, ignore) : undefined;
    const remaining = allowed ? conflictsNotAllowed(conflicts, allowed) : conflicts;
    if (remaining.length) throw conflictError(remaining);
  }

  for (const x of others) x.set = x.set.difference(changed).difference(diff.removed);
  const mine: Owner = previous ?? { ...me, apiVersion, set: newSet };
  mine.set = newSet;
  mine.apiVersion = apiVersion;
  mine.time = o.now;
  const result: Owner[] = previous ? owners : [...owners, mine];

  const managedFields = encodeManagedFields(result);
  if (o.manager === KUBECTL_MANAGER && !o.subresource) syncLastApplied(merged, o.applied as JsonObject);
  const meta: JsonObject = isObject(merged.metadata) ? merged.metadata : {};
  merged.metadata = meta;
  if (managedFields.length) meta.managedFields = managedFields;
  else delete meta.managedFields;
  return { object: merged, managedFields };
}

/** Paths with no ancestor in the list: removing a list item or field removes everything under it. */
function topmost(paths: FieldPath[]): FieldPath[] {
  const set = new FieldSet(paths);
  return paths.filter((p) => !p.some((_, i) => i > 0 && set.has(p.slice(0, i))));
}

/** A key field of a list item (`...k:{"name":"x"}.f:name`): it goes only with the item itself. */
function isKeyField(p: FieldPath): boolean {
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  if (!last?.startsWith('f:') || !parent?.startsWith('k:')) return false;
  return Object.prototype.hasOwnProperty.call(JSON.parse(parent.slice(2)) as object, last.slice(2));
}
