// Test files that run a whole node on the host with `k8ts up` share machine-wide names (the k8ts0
// bridge, the k8ts-proxy nft table, the default pod CIDR): this lock keeps two such files from
// running at once when vitest runs files in parallel. A lock left by a dead process is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lockDir = join(tmpdir(), 'k8ts-host-cluster.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // ENOENT: the holder is between mkdir and writing its pid — treat it as alive.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the lock (up to `timeoutMs`) and returns its release function. */
export async function lockHostCluster(timeoutMs = 20 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (!holderAlive()) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another test has held ${lockDir} for ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
