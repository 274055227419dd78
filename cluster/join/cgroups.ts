// `ip netns exec NS …` runs its command in a new mount namespace with a fresh /sys (sysfs of the
// netns), which hides the cgroup hierarchies mounted under /sys/fs/cgroup: runc then fails with
// "no cgroup mount found in mountinfo". A node started that way (a second "host" on one machine)
// mounts the same hierarchies again, as PID 1's mount namespace has them (same type, options,
// mount points): mounting an existing cgroup v1 hierarchy with its options attaches the same one.
// The mounts live only in that private mount namespace (ip netns exec makes / a slave).
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { runOk } from '../../kubelet/index.js';

export interface MountEntry { mountPoint: string; fsType: string; source: string; superOptions: string }

/** /proc/<pid>/mountinfo → entries (fields after " - ": type, source, super options). */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4];
    const [fsType, source, superOptions] = post.split(' ');
    if (mountPoint && fsType && source !== undefined) out.push({ mountPoint, fsType, source, superOptions: superOptions ?? '' });
  }
  return out;
}

/** The mounts to redo: the /sys/fs/cgroup tmpfs and every cgroup / cgroup2 mount below it, parents first. */
export function cgroupMountsToRestore(host: MountEntry[]): MountEntry[] {
  const under = host.filter((m) => m.mountPoint === '/sys/fs/cgroup' || m.mountPoint.startsWith('/sys/fs/cgroup/'));
  return under.filter((m) => m.mountPoint === '/sys/fs/cgroup' ? true : m.fsType === 'cgroup' || m.fsType === 'cgroup2')
    .sort((a, b) => a.mountPoint.split('/').length - b.mountPoint.split('/').length);
}

const hasCgroups = (ms: MountEntry[]): boolean => ms.some((m) => m.fsType === 'cgroup' || m.fsType === 'cgroup2');

/**
 * Restores the host's cgroup mounts when this process's mount namespace lost them; returns how
 * many mounts it made (0 when nothing was missing or we are not root).
 */
export async function ensureCgroupMounts(): Promise<number> {
  if (process.getuid?.() !== 0) return 0;
  const own = parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
  if (hasCgroups(own)) return 0;
  const host = parseMountinfo(await readFile('/proc/1/mountinfo', 'utf8').catch(() => ''));
  const todo = cgroupMountsToRestore(host);
  for (const m of todo) {
    mkdirSync(m.mountPoint, { recursive: true });
    await runOk('mount', ['-t', m.fsType, '-o', m.superOptions || 'rw', m.source, m.mountPoint]);
  }
  return todo.length;
}
