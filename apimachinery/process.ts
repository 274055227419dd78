// The body every component's main.ts shares: SIGTERM / SIGINT abort the run, a bad flag exits 2,
// a failure exits 1 with its stack on stderr, a clean stop exits 0.

/**
 * Runs `body` until it resolves (the component stopped after `signal` aborted) or fails.
 * `parse` errors (bad flags) exit with code 2 and a one-line message.
 */
export function runMain<O>(component: string, parse: () => O, body: (opts: O, signal: AbortSignal) => Promise<void>): void {
  let opts: O;
  try {
    opts = parse();
  } catch (err) {
    process.stderr.write(`${component}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const ac = new AbortController();
  process.on('SIGTERM', () => ac.abort());
  process.on('SIGINT', () => ac.abort());
  body(opts, ac.signal).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${component}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
