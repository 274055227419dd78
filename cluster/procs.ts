// The cluster's processes as the kernel sees them: the supervisor, every supervised pid and all
// their descendants (from /proc), and their resident memory (VmRSS). Used by `k8ts status`,
// bench/startup and tests checking that `k8ts down` leaves nothing behind.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { ClusterPaths } from './common/paths.js';

/** pid → parent pid of every process visible in /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // comm may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(d), ppid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** `roots` and all their descendants that are alive now. */
export function withDescendants(roots: number[]): number[] {
  const pp = parents();
  const all = new Set(roots.filter((p) => pp.has(p)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of pp) {
      if (!all.has(pid) && all.has(ppid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** The supervisor's pid and the supervised components' pids as recorded under run/. */
export function recordedPids(paths: ClusterPaths): { supervisor?: number; components: { name: string; pid?: number }[] } {
  const supervisor = existsSync(paths.supervisorPid) ? Number(readFileSync(paths.supervisorPid, 'utf8')) || undefined : undefined;
  const components = existsSync(paths.state) ? (JSON.parse(readFileSync(paths.state, 'utf8')) as { name: string; pid?: number }[]) : [];
  return { supervisor, components };
}

/** Every live process of the cluster: the supervisor, the components and their children. */
export function clusterProcesses(paths: ClusterPaths): number[] {
  const { supervisor, components } = recordedPids(paths);
  const roots = [supervisor, ...components.map((c) => c.pid)].filter((p): p is number => p !== undefined);
  return withDescendants(roots);
}

/** VmRSS of `pid` in bytes (0 when it is gone or a kernel thread). */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system, including reaped children) `pid` has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14-17 of stat (utime stime cutime cstime) are 11-14 after the state field; USER_HZ is 100 on Linux.
    return [11, 12, 13, 14].reduce((s, i) => s + Number(f[i] ?? 0), 0) / 100;
  } catch {
    return 0;
  }
}
