// Helpers for API objects as the kubelet reads and writes them: canonical JSON for change detection,
// second-precision times, the merge-patch header option for client-node and the HTTP status of an
// ApiException.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export { canonicalJSON as canonicalJson } from '../../apimachinery/objects.js';

/** Truncates to whole seconds: metav1.Time has second precision on the wire. */
export function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** Milliseconds of a client-node time field (Date, or a string from a raw object). */
export function timeMs(t: Date | string | undefined | null): number | undefined {
  if (t === undefined || t === null) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The HTTP status of a client-node ApiException (or undefined). */
export function httpCode(e: unknown): number | undefined {
  const c = (e as { code?: unknown } | undefined)?.code;
  return typeof c === 'number' ? c : undefined;
}
