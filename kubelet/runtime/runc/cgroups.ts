// cgroup v1 (hybrid) housekeeping runc leaves to us: removing parent cgroup dirs in every mounted
// hierarchy, and reading the memory controller's OOM-kill counter.
import { readFile, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Mount points of every cgroup v1 hierarchy and the v2 unified one. */
export async function cgroupMounts(): Promise<string[]> {
  const text = await readFile('/proc/self/mounts', 'utf8');
  return text.split('\n').map((l) => l.split(' ')).filter((f) => f[2] === 'cgroup' || f[2] === 'cgroup2')
    .map((f) => f[1]!);
}

/**
 * rmdir `path` in every hierarchy (with its child cgroups, deepest first, when `recursive`);
 * a missing dir is fine. Returns the dirs that could not be removed (busy or not empty).
 */
export async function removeCgroup(path: string, recursive = true): Promise<string[]> {
  const failed: string[] = [];
  const rel = path.replace(/^\/+/, '');
  if (!rel || rel.includes('..')) return failed;
  for (const mnt of await cgroupMounts()) {
    if (!(await rmTree(join(mnt, rel), recursive))) failed.push(join(mnt, rel));
  }
  return failed;
}

async function rmTree(dir: string, recursive: boolean): Promise<boolean> {
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch { return true; }
  if (recursive) for (const e of entries) if (e.isDirectory()) await rmTree(join(dir, e.name), true);
  try { await rmdir(dir); return true; } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** oom_kill count of a memory cgroup (0 when unreadable). */
export async function oomKillCount(cgroupsPath: string): Promise<number> {
  try {
    const text = await readFile(join('/sys/fs/cgroup/memory', cgroupsPath, 'memory.oom_control'), 'utf8');
    const m = /oom_kill (\d+)/.exec(text);
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
