// Creating a container under conmon (Debian 2.1.6), as CRI-O does: conmon runs `runc create`,
// supervises the container, writes its exit code to <exitDir>/<id> (137 for OOM kills), an "oom"
// marker to its persist dir, and CRI-format logs ("<RFC3339Nano> stdout F <line>"). It daemonizes
// at once; we wait on its sync pipe (fd 3, _OCI_SYNCPIPE) for {"data": <pid>} or an error.
import { spawn } from 'node:child_process';
import { closeSync, constants as fsc, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { RuntimeError, sharedSpawner } from '../../host/index.js';

export interface ConmonCreate {
  id: string;
  name: string;
  bundle: string;
  runtime: string;
  runcRoot: string;
  logPath: string;
  exitDir: string;
  persistDir: string;
  socketDir: string;
  terminal: boolean;
  stdin: boolean;
  /** With stdin: close the container's stdin when the first attached client detaches (stdinOnce). */
  stdinOnce?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  conmonBinary?: string;
}

export function conmonPidFile(bundle: string): string { return join(bundle, 'conmon.pid'); }

/** Runs conmon → runc create; resolves with the container's host PID once it is created. */
export async function conmonCreate(o: ConmonCreate): Promise<number> {
  const args = [
    '--api-version', '1', '-c', o.id, '-u', o.id, '-n', o.name,
    '-r', o.runtime, '--runtime-arg', `--root=${o.runcRoot}`,
    '-b', o.bundle, '-p', join(o.bundle, 'pidfile'), '-P', conmonPidFile(o.bundle),
    '-l', `k8s-file:${o.logPath}`, '--exit-dir', o.exitDir, '-0', o.persistDir,
    '--socket-dir-path', o.socketDir, '--log-level', 'warning',
    ...(o.terminal ? ['-t'] : []), ...(o.stdin ? ['-i', ...(o.stdinOnce ? [] : ['--leave-stdin-open'])] : []),
  ];
  const env = { ...process.env, _OCI_SYNCPIPE: '3' };
  const helper = sharedSpawner();
  if (helper) {
    // conmon's own stdout/stderr go to a file: a pipe would be held open by the daemonized conmon.
    // It runs from the cwd = bundle: conmon 2.1.6 also drops an `oom` marker in its working directory.
    const r = await helper.detached({ cmd: o.conmonBinary ?? 'conmon', args, env, cwd: o.bundle, logFile: join(o.bundle, 'conmon.log'),
      timeoutMs: o.timeoutMs ?? 60_000 }, o.signal);
    return pidFromSync(o.id, r.message, r.ended);
  }
  // conmon's own stdout/stderr go to a file: a pipe would be held open by the daemonized conmon.
  const logFd = openSync(join(o.bundle, 'conmon.log'), 'a');
  let child;
  try {
    child = spawn(o.conmonBinary ?? 'conmon', args, {
      // conmon 2.1.6 also drops an `oom` marker in its working directory: keep it in the bundle.
      stdio: ['ignore', logFd, logFd, 'pipe'], detached: true, cwd: o.bundle,
      env,
    });
  } finally {
    closeSync(logFd);
  }
  child.unref();
  const sync = child.stdio[3] as Readable;
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', (e) =>
    reject(new RuntimeError('Internal', `conmon: ${e.message}`, { cause: e }))));
  try {
    const msg = await Promise.race([readSyncMessage(sync, o.timeoutMs ?? 60_000, o.signal), spawnFailed]);
    if (typeof msg.data !== 'number' || msg.data <= 0) {
      throw new RuntimeError('Internal', `creating container ${o.id}: ${msg.message ?? 'conmon reported failure'}`);
    }
    return msg.data;
  } finally {
    sync.destroy();
  }
}

interface SyncMessage { data?: number; message?: string }

/** conmon's sync pipe text → the container PID, or the error it reported. */
function pidFromSync(id: string, text: string, ended: boolean): number {
  const end = text.indexOf('}');
  if (end < 0) throw new RuntimeError('Internal', ended ? `conmon exited without reporting (${text || 'no output'})` : `bad conmon sync message ${JSON.stringify(text)}`);
  let msg: SyncMessage;
  try {
    msg = JSON.parse(text.slice(0, end + 1)) as SyncMessage;
  } catch (err) {
    throw new RuntimeError('Internal', `bad conmon sync message ${JSON.stringify(text)}`, { cause: err });
  }
  if (typeof msg.data !== 'number' || msg.data <= 0) {
    throw new RuntimeError('Internal', `creating container ${id}: ${msg.message ?? 'conmon reported failure'}`);
  }
  return msg.data;
}

function readSyncMessage(stream: Readable, timeoutMs: number, signal?: AbortSignal): Promise<SyncMessage> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.removeAllListeners('data');
      fn();
    };
    const onAbort = (): void => done(() => reject(signal?.reason ?? new Error('aborted')));
    const timer = setTimeout(() => done(() => reject(new RuntimeError('DeadlineExceeded', 'conmon did not report within the timeout'))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      const end = buf.indexOf('}');
      if (end < 0) return;
      try {
        const msg = JSON.parse(buf.slice(0, end + 1)) as SyncMessage;
        done(() => resolve(msg));
      } catch (err) {
        done(() => reject(new RuntimeError('Internal', `bad conmon sync message ${JSON.stringify(buf)}`, { cause: err })));
      }
    });
    stream.on('end', () => done(() => reject(new RuntimeError('Internal', `conmon exited without reporting (${buf || 'no output'})`))));
    stream.on('error', (e) => done(() => reject(e)));
  });
}

/** Asks conmon to reopen the log file (ctl FIFO message type 2), after log rotation. */
export async function conmonReopenLog(bundle: string): Promise<void> {
  let fh;
  try {
    fh = await open(join(bundle, 'ctl'), fsc.O_WRONLY | fsc.O_NONBLOCK);
  } catch (err) {
    throw new RuntimeError('FailedPrecondition', `conmon is not running for ${bundle}: ${(err as Error).message}`);
  }
  try { await fh.write('2 0 0\n'); } finally { await fh.close(); }
}

/** Resizes a tty container's terminal (ctl message type 1). */
export async function conmonResize(bundle: string, width: number, height: number): Promise<void> {
  const fh = await open(join(bundle, 'ctl'), fsc.O_WRONLY | fsc.O_NONBLOCK);
  try { await fh.write(`1 ${height} ${width}\n`); } finally { await fh.close(); }
}
