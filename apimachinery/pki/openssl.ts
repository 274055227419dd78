// Runs the openssl CLI asynchronously, with a private temporary directory for the files it reads
// and writes (key material never lands anywhere else and is removed afterwards).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  stdout: string;
  stderr: string;
}

/** `openssl ...args`; rejects with openssl's own message when it exits non-zero. */
export function openssl(args: string[], opts: { stdin?: string; signal?: AbortSignal } = {}): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], signal: opts.signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (e) => reject(e.name === 'AbortError' ? e : new Error(`openssl: ${e.message} (is the openssl package installed?)`)));
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`openssl ${args[0]} failed (exit ${code}): ${stderr.trim().split('\n').slice(0, 3).join('; ')}`));
    });
    child.stdin.on('error', () => undefined); // openssl may exit before reading stdin; its exit code tells
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Runs `body` with a fresh 0700 temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-pki-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A distinguished name for `-subj`: O values first, CN last, as kubeadm writes them. */
export function subjectArg(cn: string, o: readonly string[] = []): string {
  const esc = (v: string): string => v.replace(/[\\/+]/g, (c) => `\\${c}`);
  return [...o.map((v) => `/O=${esc(v)}`), `/CN=${esc(cn)}`].join('');
}

/** A random positive 128-bit serial number, hex, for `-set_serial`. */
export function randomSerial(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return '0x' + Buffer.from(bytes).toString('hex');
}
