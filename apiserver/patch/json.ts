// Plain-JSON helpers shared by the patch engines: the Json type, object tests and deep copy (deep
// equality is apimachinery's jsonEqual). Every engine copies before it changes anything, so inputs are never mutated.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value (undefined object members are dropped, as JSON would). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/** Short JSON rendering for error messages. */
export function show(v: unknown, max = 200): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/**
 * Merges two lists into one: `ordered` keeps its order, and each element of `rest` is placed
 * before the first `ordered` element that came after it in `serverOrder` (the ids of the original
 * list). Elements unknown to `serverOrder` go first from `ordered`. Used for $setElementOrder and
 * for server-side apply's list merging.
 */
export function interleave<T>(ordered: T[], rest: T[], serverOrder: string[], id: (x: T) => string): T[] {
  const pos = new Map<string, number>();
  serverOrder.forEach((k, i) => {
    if (!pos.has(k)) pos.set(k, i);
  });
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < ordered.length || j < rest.length) {
    if (j >= rest.length) out.push(ordered[i++]);
    else if (i >= ordered.length) out.push(rest[j++]);
    else {
      const li = pos.get(id(ordered[i]));
      const ri = pos.get(id(rest[j]));
      if (li === undefined || ri === undefined || li < ri) out.push(ordered[i++]);
      else out.push(rest[j++]);
    }
  }
  return out;
}
