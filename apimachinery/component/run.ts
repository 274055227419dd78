// The body every component's main.ts shares: SIGTERM / SIGINT abort the run, a bad flag exits 2
// with a one-line message, a failure exits 1 with its stack on stderr, a clean stop exits 0.

/** A short message for any thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What runMain needs from the process (injectable for tests). */
export interface MainHost {
  onSignal(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  stderr(text: string): void;
  exit(code: number): void;
}

export const processHost: MainHost = {
  onSignal: (signal, handler) => void process.on(signal, handler),
  stderr: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/** Exit codes: 0 stopped cleanly, 1 failed, 2 bad flags (as Go's flag package). */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

export interface RunMainOptions {
  /**
   * Turn SIGTERM / SIGINT into `signal` (default true). A command-line tool whose commands handle
   * signals themselves (or keep Node's default of dying on them) says false.
   */
  signals?: boolean;
  host?: MainHost;
}

/**
 * Runs `body` until it resolves (the component stopped after `signal` aborted; a number it returns
 * is the exit code) or fails, then exits with the code (also returned, for tests). `parse` errors
 * (bad flags) exit 2 without running.
 */
export async function runMain<O>(component: string, parse: () => O, body: (opts: O, signal: AbortSignal) => Promise<void | number>, options: RunMainOptions = {}): Promise<number> {
  const host = options.host ?? processHost;
  let opts: O;
  try {
    opts = parse();
  } catch (err) {
    host.stderr(`${component}: ${errorMessage(err)}\n`);
    host.exit(ExitCode.usage);
    return ExitCode.usage;
  }
  const ac = new AbortController();
  if (options.signals !== false) for (const sig of ['SIGTERM', 'SIGINT'] as const) host.onSignal(sig, () => ac.abort(new Error(`received ${sig}`)));
  let code: number = ExitCode.ok;
  try {
    code = (await body(opts, ac.signal)) ?? ExitCode.ok;
  } catch (err) {
    host.stderr(`${component}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = ExitCode.failed;
  }
  host.exit(code);
  return code;
}
