// Running processes in a live container with `runc exec`: execSync (collect output, timeout kills
// the exec'd process via its pid file) and streaming sessions for the kubelet's exec endpoint.
// A tty session runs `runc exec -t` on a host pty made by a small python3 helper (Node has no pty
// API, and cannot receive the pty fd runc would send over --console-socket).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { RuntimeError } from '../../host/index.js';
import type { ExecOptions, ExecSession, ExecSyncResult } from '../index.js';
import type { Runc } from './runc.js';

async function killFromPidFile(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (pid > 0) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
}

export async function execSync(runc: Runc, id: string, cmd: string[], timeoutSec: number, signal?: AbortSignal): Promise<ExecSyncResult> {
  if (cmd.length === 0) throw new RuntimeError('InvalidArgument', 'exec: empty command');
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-exec-'));
  const pidFile = join(dir, 'pid');
  try {
    const child = spawn(runc.binary, runc.args('exec', '--pid-file', pidFile, id, ...cmd), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const kill = (): void => { void killFromPidFile(pidFile); };
    const timer = timeoutSec > 0 ? setTimeout(() => { timedOut = true; kill(); }, timeoutSec * 1000) : undefined;
    signal?.addEventListener('abort', kill, { once: true });
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 255));
    }).finally(() => { clearTimeout(timer); signal?.removeEventListener('abort', kill); });
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (timedOut) throw new RuntimeError('DeadlineExceeded', `command ${JSON.stringify(cmd)} timed out after ${timeoutSec}s`);
    return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `runc exec -t` in the foreground relays its own stdio to the container's pty, resizing it on
// SIGWINCH from the size of its stdin terminal. This helper gives runc a host pty as stdio, relays
// it to our pipes, applies "<width> <height>" lines from fd 3 (TIOCSWINSZ + SIGWINCH to runc), and
// exits with runc's exit code.
const TTY_HELPER = String.raw`
import os, sys, select, struct, fcntl, termios, signal, subprocess
m, s = os.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=s, stdout=s, stderr=s, start_new_session=True)
os.close(s)
ins = [m, 0, 3]; buf = b''
while True:
    try: r, _, _ = select.select(ins, [], [], 0.2)
    except InterruptedError: continue
    if m in r:
        try: d = os.read(m, 65536)
        except OSError: d = b''
        if not d: break
        os.write(1, d)
    if 3 in r:
        d = os.read(3, 4096)
        if not d: ins.remove(3)
        buf += d
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            w, h = (int(x) for x in line.split())
            fcntl.ioctl(m, termios.TIOCSWINSZ, struct.pack('HHHH', h, w, 0, 0))
            p.send_signal(signal.SIGWINCH)
    if 0 in r:
        d = os.read(0, 65536)
        if d: os.write(m, d)
        else: ins.remove(0)
    if p.poll() is not None and m not in r: break
sys.exit(p.wait())
`;

const PYTHON = '/usr/bin/python3';

export async function execStream(runc: Runc, id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecSession> {
  if (cmd.length === 0) throw new RuntimeError('InvalidArgument', 'exec: empty command');
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-exec-'));
  const pidFile = join(dir, 'pid');
  const stdinMode = opts.stdin ? 'pipe' : 'ignore';
  const child = opts.tty
    ? spawn(PYTHON, ['-c', TTY_HELPER, runc.binary, ...runc.args('exec', '-t', '--pid-file', pidFile, id, ...cmd)],
    { stdio: [stdinMode, 'pipe', 'pipe', 'pipe'] })
    : spawn(runc.binary, runc.args('exec', '--pid-file', pidFile, id, ...cmd), { stdio: [stdinMode, 'pipe', 'pipe'] });
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new RuntimeError('Internal', `exec: ${e.message}`, { cause: e })));
    child.on('close', (code, sig) => resolve(code ?? (sig ? 137 : 255)));
  }).finally(() => rm(dir, { recursive: true, force: true }));
  exit.catch(() => { /* surfaced through session.exit */ });
  const kill = (): void => { void killFromPidFile(pidFile).then(() => child.kill('SIGKILL')); };
  opts.signal?.addEventListener('abort', kill, { once: true });
  if (opts.tty) child.stderr?.resume();
  const control = opts.tty ? (child.stdio[3] as Writable) : undefined;
  control?.on('error', () => { /* helper gone */ });
  return {
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: opts.tty ? null : child.stderr,
    resize: ({ width, height }) => {
      if (control && !control.destroyed) control.write(`${Math.floor(width)} ${Math.floor(height)}\n`);
    },
    exit,
    kill,
  };
}
