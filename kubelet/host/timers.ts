// Timers for the kubelet's loops: an abortable sleep, and a stopwatch for the debug logs that show
// where pod start-up time goes.

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
