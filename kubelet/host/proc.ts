// Running host tools (runc, mount, ip, CNI plugins) and collecting their output, through the
// spawn helper (spawner.ts) unless it is turned off. Only for commands that exit on their own:
// never for a detached container's init (see conmon.ts).
import { spawn } from 'node:child_process';
import { RuntimeError } from './errors.js';
import { sharedSpawner } from './spawner.js';

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** Kill the command after this many ms (0 / absent = no limit). */
  timeoutMs?: number;
}

export interface RunResult { code: number; stdout: Buffer; stderr: Buffer; timedOut: boolean }

/** Runs a command to completion; a non-zero exit is returned, not thrown. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const helper = sharedSpawner();
  if (helper) {
    return helper.run({ cmd, args, env: opts.env, cwd: opts.cwd, timeoutMs: opts.timeoutMs,
      input: opts.input === undefined ? undefined : Buffer.from(opts.input) }, opts.signal);
  }
  return runDirect(cmd, args, opts);
}

/** Runs a command with spawn() from this process. */
export function runDirect(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) { reject(opts.signal.reason ?? new Error('aborted')); return; }
    const child = spawn(cmd, args, {
      stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const kill = (): void => { child.kill('SIGKILL'); };
    const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; kill(); }, opts.timeoutMs) : undefined;
    const onAbort = (): void => kill();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => { /* the command may exit without reading its input */ });
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new RuntimeError('Internal', `${cmd}: ${e.message}`, { cause: e }));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) { reject(opts.signal.reason ?? new Error('aborted')); return; }
      resolve({ code: code ?? (sig ? 128 + signalNumber(sig) : 255), stdout: Buffer.concat(out),
        stderr: Buffer.concat(err), timedOut });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs a command and throws a RuntimeError('Internal') carrying its stderr when it fails. */
export async function runOk(cmd: string, args: string[], opts: RunOptions = {}): Promise<Buffer> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const msg = (r.stderr.toString().trim() || r.stdout.toString().trim()).slice(0, 2000);
    throw new RuntimeError('Internal', `${cmd} ${args.join(' ')}: exit ${r.code}: ${msg}`);
  }
  return r.stdout;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11 };
export function signalNumber(sig: string): number { return SIGNALS[sig] ?? 0; }
