// Building OCI runtime specs (config.json) for the pause and app containers. Pure functions:
// defaults follow what Kubernetes runtimes give a container (capability set incl. NET_RAW, masked
// and read-only /proc paths, private /dev, cgroup limits), with privileged mode lifting them.
import type { Capabilities, LinuxContainerResources, Mount } from '../index.js';

export interface OciMount { destination: string; type: string; source: string; options: string[] }
export interface OciNamespace { type: 'pid' | 'network' | 'ipc' | 'uts' | 'mount' | 'cgroup'; path?: string }

export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: { bounding: string[]; effective: string[]; permitted: string[]; inheritable: string[] };
    noNewPrivileges: boolean;
    oomScoreAdj?: number;
  };
  root: { path: string; readonly: boolean };
  hostname?: string;
  mounts: OciMount[];
  linux: {
    namespaces: OciNamespace[];
    cgroupsPath: string;
    resources: {
      devices: { allow: boolean; access: string; type?: string }[];
      memory?: { limit: number };
      cpu?: { shares?: number; quota?: number; period?: number };
      pids?: { limit: number };
    };
    maskedPaths?: string[];
    readonlyPaths?: string[];
    sysctl?: Record<string, string>;
  };
}

/** The capabilities Kubernetes runtimes (containerd, CRI-O) grant by default. */
export const DEFAULT_CAPABILITIES = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD',
  'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE'];

export const ALL_CAPABILITIES = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID',
  'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT',
  'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE'];

const MASKED_PATHS = ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
  '/sys/devices/virtual/powercap'];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function capName(c: string): string {
  const u = c.toUpperCase();
  return u.startsWith('CAP_') ? u : `CAP_${u}`;
}

/** The effective capability list after Kubernetes add/drop ("ALL" allowed in either). */
export function capabilitySet(privileged: boolean, caps?: Capabilities): string[] {
  if (privileged) return [...ALL_CAPABILITIES];
  const drop = (caps?.dropCapabilities ?? []).map(capName);
  const add = (caps?.addCapabilities ?? []).map(capName);
  let set = drop.includes('CAP_ALL') ? [] : DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  if (add.includes('CAP_ALL')) set = [...ALL_CAPABILITIES];
  for (const c of add) if (c !== 'CAP_ALL' && !set.includes(c)) set.push(c);
  return set;
}

/** The mounts every container gets (/proc, /dev, /sys …). */
export function baseMounts(privileged: boolean): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup',
      options: ['nosuid', 'noexec', 'nodev', 'relatime', privileged ? 'rw' : 'ro'] },
  ];
}

export function bindMount(source: string, destination: string, readonly: boolean, propagation = 'rprivate'): OciMount {
  return { destination, type: 'bind', source, options: ['rbind', propagation, ...(readonly ? ['ro'] : ['rw'])] };
}

/** CRI mounts → OCI bind mounts. */
export function userMounts(mounts: Mount[] | undefined): OciMount[] {
  return (mounts ?? []).map((m) => bindMount(m.hostPath, m.containerPath, !!m.readonly,
    m.propagation === 'PROPAGATION_BIDIRECTIONAL' ? 'rshared'
      : m.propagation === 'PROPAGATION_HOST_TO_CONTAINER' ? 'rslave' : 'rprivate'));
}

export interface SpecInput {
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  additionalGids?: number[];
  terminal: boolean;
  /** Only with a private UTS namespace (the pause container). */
  hostname?: string;
  rootfs: string;
  readonlyRootfs: boolean;
  namespaces: OciNamespace[];
  /** Mounts after the base ones (pod files, /dev/shm, volumes); later ones win on the same path. */
  mounts: OciMount[];
  cgroupsPath: string;
  resources?: LinuxContainerResources;
  privileged: boolean;
  capabilities?: Capabilities;
  noNewPrivs?: boolean;
  sysctl?: Record<string, string>;
}

export function buildSpec(i: SpecInput): OciSpec {
  const caps = capabilitySet(i.privileged, i.capabilities);
  const r = i.resources ?? {};
  const cpu = r.cpuShares || r.cpuQuota || r.cpuPeriod
    ? { ...(r.cpuShares ? { shares: r.cpuShares } : {}), ...(r.cpuQuota ? { quota: r.cpuQuota } : {}),
      ...(r.cpuPeriod ? { period: r.cpuPeriod } : {}) }
    : undefined;
  // A user mount on the same destination replaces a base one (e.g. a volume on /dev/shm).
  const extraDest = new Set(i.mounts.map((m) => m.destination));
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: i.terminal,
      user: { uid: i.uid, gid: i.gid, ...(i.additionalGids?.length ? { additionalGids: i.additionalGids } : {}) },
      args: i.args,
      env: i.env,
      cwd: i.cwd,
      capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [] },
      noNewPrivileges: !!i.noNewPrivs,
      ...(r.oomScoreAdj !== undefined ? { oomScoreAdj: r.oomScoreAdj } : {}),
    },
    root: { path: i.rootfs, readonly: i.readonlyRootfs },
    ...(i.hostname ? { hostname: i.hostname } : {}),
    mounts: [...baseMounts(i.privileged).filter((m) => !extraDest.has(m.destination)), ...i.mounts],
    linux: {
      namespaces: i.namespaces,
      cgroupsPath: i.cgroupsPath,
      resources: {
        devices: i.privileged ? [{ allow: true, access: 'rwm' }] : [{ allow: false, access: 'rwm' }],
        ...(r.memoryLimitInBytes ? { memory: { limit: r.memoryLimitInBytes } } : {}),
        ...(cpu ? { cpu } : {}),
        ...(r.pidsLimit && r.pidsLimit > 0 ? { pids: { limit: r.pidsLimit } } : {}),
      },
      ...(i.privileged ? {} : { maskedPaths: MASKED_PATHS, readonlyPaths: READONLY_PATHS }),
      ...(i.sysctl && Object.keys(i.sysctl).length ? { sysctl: i.sysctl } : {}),
    },
  };
}

/** Kubernetes' command/args over the image's Entrypoint/Cmd (as containerd merges them). */
export function mergeArgs(command: string[] | undefined, args: string[] | undefined,
  entrypoint: string[] | undefined, cmd: string[] | undefined): string[] {
  if (command?.length) return [...command, ...(args ?? [])];
  return [...(entrypoint ?? []), ...(args?.length ? args : (cmd ?? []))];
}

/** Image env, then the container's (same key: the container wins), PATH defaulted. */
export function mergeEnv(imageEnv: string[] | undefined, envs: { key: string; value: string }[] | undefined,
  extra: Record<string, string> = {}): string[] {
  const m = new Map<string, string>();
  for (const e of imageEnv ?? []) {
    const i = e.indexOf('=');
    if (i > 0) m.set(e.slice(0, i), e.slice(i + 1));
  }
  if (!m.has('PATH')) m.set('PATH', DEFAULT_PATH);
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  for (const e of envs ?? []) m.set(e.key, e.value);
  return [...m].map(([k, v]) => `${k}=${v}`);
}
