// Client-side apply's three-way diff, as a JSON merge patch (RFC 7386): fields set in the new manifest
// that the live object lacks or holds differently, plus null for fields dropped since the last apply.
// Lists are atomic (sent whole) — kubectl sends a strategic merge patch that merges keyed lists
// element-wise; a merge patch gives the same result for lists fully owned by the manifest, but
// replaces list elements whole, so fields other clients set inside them are reset to defaults.

export type JsonObject = { [k: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when every field of `want` is present with the same value in `have` (extra defaulted fields ignored). */
export function isSubset(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => isSubset(w, have[i]));
  if (isObject(want)) return isObject(have) && Object.keys(want).every((k) => isSubset(want[k], have[k]));
  return want === have;
}

/** The merge patch taking `live` to `modified`, deleting what `original` (last applied) had and `modified` dropped. */
export function threeWayMergePatch(original: JsonObject | undefined, modified: JsonObject, live: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [k, m] of Object.entries(modified)) {
    const l = live[k];
    if (isObject(m) && isObject(l)) {
      const o = original?.[k];
      const sub = threeWayMergePatch(isObject(o) ? o : undefined, m, l);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (!isSubset(m, l) || (original !== undefined && k in original && !isSubset(original[k], m))) {
      // changed live, or something inside (e.g. a list element's field) was dropped since the last apply
      patch[k] = m;
    }
  }
  for (const k of Object.keys(original ?? {})) {
    if (!(k in modified) && k in live) patch[k] = null;
  }
  return patch;
}

/** Go's encoding/json for map-based objects: compact, keys sorted, <>& escaped. */
export function goJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (isObject(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])]));
    return x;
  };
  return JSON.stringify(sort(v)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
