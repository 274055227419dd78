// Runs one of the Python-client scripts beside this file with Debian's python3 and its
// python3-kubernetes package, against a kubeconfig; the script prints one JSON line.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter, not one from a version manager earlier on the PATH. */
export const python = '/usr/bin/python3';

function probe(): string {
  const r = spawnSync(python, ['-c', 'import kubernetes'], { encoding: 'utf8' });
  if (r.error) return ` (skipped: ${python} is absent; scripts/setup.sh installs it)`;
  if (r.status !== 0) return ' (skipped: python3-kubernetes is not installed; scripts/setup.sh installs it)';
  return '';
}

export const pythonSkipReason = probe();
export const pythonClientAvailable = pythonSkipReason === '';

const here = dirname(fileURLToPath(import.meta.url));

export function runPython<T>(script: string, kubeconfig: string, args: string[] = [], timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(here, script), ...args], { env: { ...process.env, KUBECONFIG: kubeconfig, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${stdout}${stderr}`));
      }
    });
  });
}
