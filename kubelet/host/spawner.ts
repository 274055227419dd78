// A small helper process that spawns the runtime's short-lived commands (runc, mount, ip, CNI
// plugins, conmon) for the kubelet. Why: Node's spawn() forks the calling process on the main
// thread, and fork time grows with the caller's memory: from a kubelet of ~200 MB each spawn
// blocks the event loop for ~40 ms (measured on these machines), so 30 pods × ~12 commands
// serialize on it. From this helper (a bare Node of ~50 MB) a spawn costs a fraction of that and
// blocks only the helper. Requests and replies are JSON lines over the helper's stdin/stdout; the
// helper exits when its stdin closes (the kubelet is gone). One helper per kubelet process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RuntimeError } from './errors.js';

/** The helper's program (plain CommonJS, Node built-ins only, so it runs from sources and dist). */
const HELPER = String.raw`
const { spawn } = require('child_process');
const fs = require('fs');
const live = new Map();
const reply = (m) => process.stdout.write(JSON.stringify(m) + '\n');
function run(r) {
  let child;
  try {
    child = spawn(r.cmd, r.args, { stdio: ['pipe', 'pipe', 'pipe'], env: r.env, cwd: r.cwd });
  } catch (e) { reply({ id: r.id, error: String(e && e.message || e) }); return; }
  live.set(r.id, child);
  const out = [], err = [];
  let timedOut = false;
  const timer = r.timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, r.timeoutMs) : undefined;
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  child.stdin.on('error', () => {});
  child.on('error', (e) => { clearTimeout(timer); live.delete(r.id); reply({ id: r.id, error: e.message }); });
  child.on('close', (code, sig) => {
    clearTimeout(timer);
    if (!live.delete(r.id)) return;
    reply({ id: r.id, code, signal: sig, stdout: Buffer.concat(out).toString('base64'), stderr: Buffer.concat(err).toString('base64'), timedOut });
  });
  child.stdin.end(r.input ? Buffer.from(r.input, 'base64') : '');
}
function detached(r) {
  let fd;
  let child;
  try {
    fd = fs.openSync(r.logFile, 'a');
    child = spawn(r.cmd, r.args, { stdio: ['ignore', fd, fd, 'pipe'], detached: true, env: r.env, cwd: r.cwd });
  } catch (e) { reply({ id: r.id, error: String(e && e.message || e) }); return; }
  finally { if (fd !== undefined) fs.closeSync(fd); }
  child.unref();
  live.set(r.id, child);
  let buf = '';
  let done = false;
  const finish = (m) => { if (done) return; done = true; clearTimeout(timer); live.delete(r.id); child.stdio[3].destroy(); reply(Object.assign({ id: r.id }, m)); };
  const timer = setTimeout(() => finish({ error: 'timeout' }), r.timeoutMs || 60000);
  child.on('error', (e) => finish({ error: e.message }));
  const sync = child.stdio[3];
  sync.setEncoding('utf8');
  sync.on('data', (c) => { buf += c; if (buf.indexOf('}') >= 0) finish({ message: buf }); });
  sync.on('end', () => finish({ message: buf, ended: true }));
  sync.on('error', (e) => finish({ error: e.message }));
}
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', (l) => {
  let r;
  try { r = JSON.parse(l); } catch { return; }
  if (r.op === 'kill') { const c = live.get(r.id); if (c) c.kill('SIGKILL'); return; }
  if (r.op === 'detached') detached(r); else run(r);
});
rl.on('close', () => process.exit(0));
`;

export interface SpawnRequest {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: Buffer;
  timeoutMs?: number;
}

export interface SpawnReply { code: number; stdout: Buffer; stderr: Buffer; timedOut: boolean }

interface RawReply {
  id: number;
  error?: string;
  code?: number | null;
  signal?: string | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
  message?: string;
  ended?: boolean;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11 };

export class Spawner {
  private child?: ChildProcess;
  private seq = 0;
  private readonly pending = new Map<number, (r: RawReply) => void>();

  private helper(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = spawn(process.execPath, ['-e', HELPER], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    createInterface({ input: child.stdout! }).on('line', (l) => {
      let m: RawReply;
      try { m = JSON.parse(l) as RawReply; } catch { return; }
      const f = this.pending.get(m.id);
      if (f) { this.pending.delete(m.id); f(m); }
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      for (const [id, f] of this.pending) { this.pending.delete(id); f({ id, error: 'the spawn helper exited' }); }
    });
    child.stdin!.on('error', () => undefined);
    this.child = child;
    return child;
  }

  /** Keeps this process alive while requests are pending (and only then). */
  private hold(child: ChildProcess, on: boolean): void {
    const f = on ? 'ref' : 'unref';
    child[f]();
    (child.stdout as unknown as Record<string, (() => void) | undefined>)[f]?.();
  }

  private call(req: Record<string, unknown>, signal?: AbortSignal): Promise<RawReply> {
    const id = ++this.seq;
    const child = this.helper();
    if (this.pending.size === 0) this.hold(child, true);
    return new Promise<RawReply>((resolve) => {
      const onAbort = (): void => { child.stdin!.write(`${JSON.stringify({ op: 'kill', id })}\n`); };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, (r) => {
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) this.hold(child, false);
        resolve(r);
      });
      child.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  /** Runs a command to completion in the helper; a non-zero exit is returned, not thrown. */
  async run(r: SpawnRequest, signal?: AbortSignal): Promise<SpawnReply> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const m = await this.call({ op: 'run', cmd: r.cmd, args: r.args, env: r.env ?? process.env, cwd: r.cwd,
      input: r.input?.toString('base64'), timeoutMs: r.timeoutMs }, signal);
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (m.error !== undefined) throw new RuntimeError('Internal', `${r.cmd}: ${m.error}`);
    const code = m.code ?? (m.signal ? 128 + (SIGNALS[m.signal] ?? 0) : 255);
    return { code, stdout: Buffer.from(m.stdout ?? '', 'base64'), stderr: Buffer.from(m.stderr ?? '', 'base64'), timedOut: !!m.timedOut };
  }

  /**
   * Starts a detached daemon (conmon) with stdout/stderr appended to `logFile` and a sync pipe on
   * fd 3; resolves with what it wrote there up to the first "}" (its JSON report).
   */
  async detached(r: SpawnRequest & { logFile: string }, signal?: AbortSignal): Promise<{ message: string; ended: boolean }> {
    const m = await this.call({ op: 'detached', cmd: r.cmd, args: r.args, env: r.env ?? process.env, cwd: r.cwd,
      logFile: r.logFile, timeoutMs: r.timeoutMs }, signal);
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (m.error === 'timeout') throw new RuntimeError('DeadlineExceeded', `${r.cmd} did not report within the timeout`);
    if (m.error !== undefined) throw new RuntimeError('Internal', `${r.cmd}: ${m.error}`);
    return { message: m.message ?? '', ended: !!m.ended };
  }

  /** Stops the helper (it also exits by itself when this process goes). */
  close(): void {
    this.child?.stdin?.end();
  }
}

let shared: Spawner | undefined;

/**
 * The process-wide helper (created on first use), or undefined when K8TS_SPAWN_HELPER=0 asks for
 * direct spawns. One per process: it is a pool of workers, not per-node state.
 */
export function sharedSpawner(): Spawner | undefined {
  if (process.env.K8TS_SPAWN_HELPER === '0') return undefined;
  shared ??= new Spawner();
  return shared;
}
