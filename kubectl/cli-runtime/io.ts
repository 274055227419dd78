// The mini-kubectl's process boundary: where output goes, where stdin comes from, and the error type
// commands throw for kubectl-style failures ("error: …" / "Error from server (Reason): …", exit 1).

export interface IO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Reads all of stdin (for `-f -`). */
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborts long-running commands (logs -f, waiting in delete). */
  signal?: AbortSignal;
  /** stdout is a terminal (kubectl colours some output then). */
  stdoutIsTTY?: boolean;
  /** stdin as a stream (exec -i, attach); tests may leave it out and use readStdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

/** A failure reported to the user as one line on stderr, with an exit code (1 like kubectl). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface StatusDetails {
  name?: string;
  kind?: string;
  causes?: { field?: string; message?: string }[];
}

/** A metav1.Status error returned by the API server, worded as kubectl's StandardErrorMessage. */
export class ServerError extends CliError {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly serverMessage: string,
    readonly details?: StatusDetails,
  ) {
    super(standardMessage(reason, serverMessage, details));
  }
}

function standardMessage(reason: string, message: string, details: StatusDetails | undefined): string {
  if (reason === 'Invalid' && details) {
    const head = details.kind || details.name ? `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid` : 'The request is invalid';
    const causes = [...new Set((details.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? ''))))];
    if (causes.length === 0) return `${head}`;
    return `${head}: ${causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`}`;
  }
  if (reason === 'Unauthorized') return `error: You must be logged in to the server (${message})`;
  return `Error from server${reason ? ` (${reason})` : ''}: ${message}`;
}

/** kubectl's AddSourceToErr: `error when creating "file.yaml": …` inside the server's message (not for Invalid). */
export function withSource(e: unknown, verb: string, source: string | undefined): unknown {
  if (!(e instanceof ServerError) || e.reason === 'Invalid' || source === undefined) return e;
  return new ServerError(e.status, e.reason, `error when ${verb} "${source}": ${e.serverMessage}`, e.details);
}
