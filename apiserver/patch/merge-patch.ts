// RFC 7386 JSON Merge Patch (Content-Type application/merge-patch+json), as `kubectl scale`,
// `label` and `annotate` send: objects merge recursively, null deletes, anything else replaces.

import { clone, isObject } from './json.js';

/** Applies a merge patch to `target`, returning a new value; neither input is changed. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  // Untouched members are shared with `target` above; copy them so the result is independent.
  for (const k of Object.keys(out)) if (!(k in patch)) out[k] = clone(out[k]);
  return out;
}
