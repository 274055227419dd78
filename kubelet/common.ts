// Small helpers the kubelet's parts share: canonical JSON for change detection, second-precision
// times, the merge-patch header option for client-node, and error messages.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export { canonicalJSON as canonicalJson } from '../apimachinery/objects.js';
export { errorMessage } from '../apimachinery/component/index.js';

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

/** Resolves after `ms` or when `signal` aborts (removing its listener either way). */
export function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Laps of named steps in milliseconds, for the debug logs that show where pod start-up time goes. */
export function stopwatch(now: () => number = () => performance.now()): { lap(step: string): void; laps: Record<string, number> } {
  let last = now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(step: string): void {
      const t = now();
      laps[step] = Math.round((laps[step] ?? 0) + t - last);
      last = t;
    },
  };
}
