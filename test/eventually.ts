// Polling with a deadline for integration tests: waits for a state, never for a time.

/** Polls `f` until it returns a value other than undefined/false, or throws after `ms`. */
export async function eventually<T>(what: string, f: () => Promise<T | undefined | false>, ms = 20_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
