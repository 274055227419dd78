// An injectable clock: wall time plus timers. The default reads the globals at call time, so
// vitest's fake timers drive it too.
export type TimerHandle = ReturnType<typeof setTimeout>;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. Returns false if aborted. */
export function sleep(ms: number, signal: AbortSignal, clock: Clock = realClock): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.clearTimeout(h);
      resolve(false);
    };
    const h = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Kubernetes' jitter: d plus up to d*factor. */
export function jitter(ms: number, factor: number): number {
  return ms + Math.random() * ms * (factor > 0 ? factor : 1);
}
