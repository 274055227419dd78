// The client-side → server-side apply upgrade Kubernetes builds into its field manager for the
// manager "kubectl" (lastAppliedManager and lastAppliedUpdater): conflicts on fields that the
// kubectl.kubernetes.io/last-applied-configuration annotation sets to their live values are not
// conflicts, and a kubectl apply keeps that annotation in step with what it applied.

import { FieldSet } from './fieldpath.js';
import { clone, isObject, type JsonObject } from './json.js';
import type { Conflict } from './managed-fields.js';
import type { Schema } from '../../apimachinery/merge-keys.js';
import { appliedFieldSet, compare } from './typed.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Only this manager gets the upgrade, as in Kubernetes (other managers opt out by their name). */
export const KUBECTL_MANAGER = 'kubectl';

function annotations(o: JsonObject): JsonObject | undefined {
  const meta = o.metadata;
  return isObject(meta) && isObject(meta.annotations) ? meta.annotations : undefined;
}

/**
 * The fields the last-applied annotation of `live` sets to the values `live` has; undefined when
 * there is no usable annotation (absent, not JSON, or of another apiVersion).
 */
export function fieldsFromLastApplied(live: JsonObject, apiVersion: string, schema: Schema, ignore: readonly (readonly string[])[]): FieldSet | undefined {
  const text = annotations(live)?.[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== apiVersion) return undefined;
  const diff = compare(last, live, schema, { ignore });
  return appliedFieldSet(last, schema, { ignore }).difference(diff.modified).difference(diff.added).difference(diff.removed);
}

/** The conflicts left once those the last-applied annotation allows are taken out. */
export function conflictsNotAllowed(conflicts: Conflict[], allowed: FieldSet): Conflict[] {
  return conflicts.filter((c) => !allowed.has(c.path));
}

/**
 * After a kubectl server-side apply to an object that has the annotation: the annotation becomes
 * the applied configuration without the annotation itself (JSON with sorted keys, as Go encodes it).
 */
export function syncLastApplied(merged: JsonObject, applied: JsonObject): void {
  const target = annotations(merged);
  if (!target || typeof target[LAST_APPLIED] !== 'string') return;
  const copy = clone(applied) as JsonObject;
  const own = annotations(copy);
  if (own) delete own[LAST_APPLIED];
  target[LAST_APPLIED] = sortedJson(copy);
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
