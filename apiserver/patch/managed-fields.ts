// metadata.managedFields: decoding and encoding the entries, the manager identity Kubernetes uses
// (manager + operation + subresource), the 409 for apply conflicts, and the ownership bookkeeping
// done on every ordinary write (operation "Update").

import { ApiError, errors, type StatusCause } from '../../apimachinery/errors.js';
import { FieldSet, fromFieldsV1, pathToString, toFieldsV1, type FieldPath } from './fieldpath.js';
import { clone, isObject, type JsonObject } from './json.js';
import { jsonEqual } from '../../apimachinery/objects.js';
import { schemaFor, type GroupVersionKind } from '../../apimachinery/merge-keys.js';
import { compare, STRIPPED_FIELDS } from './typed.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** A decoded entry: the field set instead of its trie. */
export interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Managers are told apart by name, operation and subresource (not by apiVersion or time). */
export function ownerId(o: Pick<Owner, 'manager' | 'operation' | 'subresource'>): string {
  return JSON.stringify([o.manager, o.operation, o.subresource ?? '']);
}

export function decodeManagedFields(v: unknown): Owner[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw errors.badRequest('metadata.managedFields must be a list');
  return v.map((e, i) => {
    if (!isObject(e) || typeof e.manager !== 'string' || (e.operation !== 'Apply' && e.operation !== 'Update')) {
      throw errors.badRequest(`metadata.managedFields[${i}]: manager and operation (Apply or Update) are required`);
    }
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') {
      throw errors.badRequest(`metadata.managedFields[${i}].fieldsType: must be "FieldsV1"`);
    }
    return {
      manager: e.manager,
      operation: e.operation,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      time: typeof e.time === 'string' ? e.time : undefined,
      subresource: typeof e.subresource === 'string' && e.subresource ? e.subresource : undefined,
      set: fromFieldsV1(e.fieldsV1),
    };
  });
}

/** Drops owners of nothing, sorts as Kubernetes does (Apply first, then by time, manager). */
export function encodeManagedFields(owners: Owner[]): ManagedFieldsEntry[] {
  const cmp = (a: string | undefined, b: string | undefined): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  return owners
    .filter((o) => !o.set.isEmpty())
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        cmp(p.time, q.time) ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource, q.subresource),
    )
    .map((o) => {
      const e: ManagedFieldsEntry = {
        manager: o.manager,
        operation: o.operation,
        apiVersion: o.apiVersion,
        time: o.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(o.set),
      };
      if (o.time === undefined) delete e.time;
      if (o.subresource) e.subresource = o.subresource;
      return e;
    });
}

export function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** The manager Kubernetes derives when ?fieldManager= is absent: the User-Agent up to the first '/'. */
export function defaultFieldManager(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0].trim();
  return (prefix || 'unknown').slice(0, 128);
}

/** The fields the API server leaves out of ownership for a write through `subresource`. */
export function ignoredFields(subresource?: string): FieldPath[] {
  const ignored = [...STRIPPED_FIELDS];
  if (subresource === 'status') ignored.push(['f:spec']);
  else ignored.push(['f:status']);
  return ignored;
}

/** How a conflicting owner is named in messages. */
function describeOwner(o: Owner): string {
  let s = JSON.stringify(o.manager);
  if (o.subresource) s += ` with subresource ${JSON.stringify(o.subresource)}`;
  if (o.operation === 'Update') s += ` using ${o.apiVersion}`;
  return s;
}

export interface Conflict {
  owner: Owner;
  path: FieldPath;
}

/** The 409 Kubernetes returns for apply conflicts, message and causes worded as it words them. */
export function conflictError(conflicts: Conflict[]): ApiError {
  const sorted = [...conflicts].sort(
    (a, b) =>
      ownerId(a.owner).localeCompare(ownerId(b.owner)) || pathToString(a.path).localeCompare(pathToString(b.path)),
  );
  const causes: StatusCause[] = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeOwner(c.owner)}`,
    field: pathToString(c.path),
  }));
  let message: string;
  if (sorted.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeOwner(sorted[0].owner)}: ${pathToString(sorted[0].path)}`;
  } else {
    const lines: string[] = [];
    let last = '';
    for (const c of sorted) {
      if (ownerId(c.owner) !== last) {
        last = ownerId(c.owner);
        lines.push(`conflicts with ${describeOwner(c.owner)}:`);
      }
      lines.push(`- ${pathToString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError('Conflict', message, { causes });
}

/**
 * Which managedFields a write starts from, as Kubernetes decides (decodeLiveOrNew, isResetManagedFields):
 * none sent keeps the stored ones so that clients unaware of the field cannot wipe them; an empty list
 * or `[{}]` strips them all; any other list sent by the writer replaces the stored one.
 */
function managedFieldsBase(sent: unknown, stored: unknown): unknown {
  if (!Array.isArray(sent) || jsonEqual(sent, stored)) return stored;
  if (sent.length === 0) return [];
  if (sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0) return [];
  return sent;
}

export interface UpdateManagedFieldsOptions {
  /** The stored object before the write; undefined on create. */
  live: object | undefined;
  /** The object about to be stored. */
  updated: object;
  manager: string;
  operation?: 'Update';
  /** e.g. "apps/v1": the version the write was made in. */
  apiVersion: string;
  gvk: GroupVersionKind;
  now: string;
  /** 'status', 'scale', ... when the write went through a subresource. */
  subresource?: string;
}

export interface ManagedResult {
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Records an ordinary write: the writer comes to own every field it added or changed, other
 * managers lose those fields, fields that disappeared are owned by nobody, owners of nothing are
 * dropped. Returns a copy of `updated` with metadata.managedFields set.
 */
export function updateManagedFields(o: UpdateManagedFieldsOptions): ManagedResult {
  const object = clone(o.updated) as JsonObject;
  const meta: JsonObject = isObject(object.metadata) ? object.metadata : {};
  object.metadata = meta;
  const managedFields = managedFieldsAfterUpdate({ ...o, updated: object });
  if (managedFields.length) meta.managedFields = managedFields;
  else delete meta.managedFields;
  return { object, managedFields };
}

/**
 * The metadata.managedFields `updated` should carry after an Update-operation write (see
 * updateManagedFields); reads `live` and `updated` without changing or copying them.
 */
export function managedFieldsAfterUpdate(o: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const liveMeta = isObject(o.live) && isObject((o.live as JsonObject).metadata) ? ((o.live as JsonObject).metadata as JsonObject) : {};
  const updated = o.updated as JsonObject;
  const meta: JsonObject = isObject(updated.metadata) ? updated.metadata : {};
  const owners = decodeManagedFields(managedFieldsBase(meta.managedFields, liveMeta.managedFields));

  const schema = schemaFor(o.gvk);
  const diff = compare(o.live ?? {}, updated, schema, { ignore: ignoredFields(o.subresource) });
  const changed = diff.added.union(diff.modified);
  const me = { manager: o.manager, operation: 'Update' as const, subresource: o.subresource };
  let mine = owners.find((x) => ownerId(x) === ownerId(me));
  if (!changed.isEmpty() || !diff.removed.isEmpty()) {
    for (const x of owners) {
      if (x !== mine) x.set = x.set.difference(changed).difference(diff.removed);
    }
  }
  if (!mine && !changed.isEmpty()) {
    mine = { ...me, apiVersion: o.apiVersion, set: new FieldSet() };
    owners.push(mine);
  }
  if (mine) {
    const set = mine.set.union(changed).difference(diff.removed);
    if (!changed.isEmpty() || !set.equals(mine.set)) {
      mine.time = o.now;
      mine.apiVersion = o.apiVersion;
    }
    mine.set = set;
  }
  return encodeManagedFields(owners);
}
