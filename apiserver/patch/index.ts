// The API server's patch engines: RFC 6902 JSON patch, RFC 7386 merge patch, Kubernetes strategic
// merge patch (driven by the type model in apimachinery/merge-keys.ts) and server-side apply with managedFields.
// All are pure functions over plain JSON objects; failures are ApiErrors.

import { ApiError, errors } from '../../apimachinery/errors.js';
import { isObject, type JsonObject } from './json.js';
import { jsonPatch } from './json-patch.js';
import { mergePatch } from './merge-patch.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { GroupVersionKind } from '../../apimachinery/merge-keys.js';

export { jsonPatch, decodeJsonPatch, parsePointer, type JsonPatchOp } from './json-patch.js';
export { mergePatch } from './merge-patch.js';
export { strategicMergePatch, applyElementOrder } from './strategic-merge.js';
export {
  mergeKeyFor,
  schemaFor,
  isKnownKind,
  type GroupVersionKind,
  type MergeKeyInfo,
  type Schema,
} from '../../apimachinery/merge-keys.js';
export { serverSideApply, decodeApplyBody, BEFORE_FIRST_APPLY, type ServerSideApplyOptions } from './apply.js';
export {
  updateManagedFields,
  managedFieldsAfterUpdate,
  defaultFieldManager,
  decodeManagedFields,
  encodeManagedFields,
  apiVersionOf,
  type ManagedFieldsEntry,
  type ManagedResult,
  type UpdateManagedFieldsOptions,
} from './managed-fields.js';
export { FieldSet, toFieldsV1, fromFieldsV1, pathToString } from './fieldpath.js';
export type { Json, JsonObject } from './json.js';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** The media type without parameters, lower-cased: 'application/merge-patch+json; charset=utf-8' → '...+json'. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a raw body (string or bytes) as JSON; anything else is taken as already parsed. */
function decodeBody(body: unknown): unknown {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
  }
  return body;
}

/**
 * Applies a JSON, merge or strategic-merge patch chosen by Content-Type to `live`; any other type
 * (including apply-patch, which needs serverSideApply) is a 415.
 */
export function applyPatch(contentType: string | undefined, live: object, body: unknown, gvk: GroupVersionKind): JsonObject {
  const type = mediaType(contentType);
  let result: unknown;
  switch (type) {
    case PATCH_TYPES.json:
      result = jsonPatch(live, decodeBody(body));
      break;
    case PATCH_TYPES.merge: {
      const patch = decodeBody(body);
      if (!isObject(patch)) throw errors.badRequest('merge patch must be a JSON object');
      result = mergePatch(live, patch);
      break;
    }
    case PATCH_TYPES.strategic: {
      const patch = decodeBody(body);
      if (!isObject(patch)) throw errors.badRequest('strategic merge patch must be a JSON object');
      result = strategicMergePatch(live, patch, gvk);
      break;
    }
    default:
      throw new ApiError(
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.apply}, ${PATCH_TYPES.strategic} (got ${JSON.stringify(contentType ?? '')})`,
      );
  }
  if (!isObject(result)) throw errors.badRequest('the patched object must be a JSON object');
  return result;
}
