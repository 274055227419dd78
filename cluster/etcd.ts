// Launches etcd server processes on loopback for tests and for `k8ts up`: one member, or an n-member
// cluster. Waits until each member answers /health, stops members by PID (SIGTERM, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, closeSync, openSync, readFileSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePorts } from './common/ports.js';

export interface EtcdOptions {
  dataDir: string;
  name?: string;
  clientPort?: number;
  peerPort?: number;
  metricsPort?: number;
  /** etcd's own output goes here (appended); dropped when absent. */
  logFile?: string;
  /** Aborting stops the process. */
  signal?: AbortSignal;
  /** Path of the etcd binary; default: findEtcdBinary(). */
  binary?: string;
  /** How long to wait for /health; default 30 s. */
  startTimeoutMs?: number;
  /**
   * How often etcd tells idle watchers its current revision (default 5 s; etcd's own default is 10 min).
   * Watch caches use these notifications to keep their revision fresh for bookmarks and reads.
   */
  progressNotifyIntervalMs?: number;
  extraArgs?: string[];
}

export interface EtcdMember {
  name: string;
  /** Client URLs of this member. */
  endpoints: string[];
  peerUrl: string;
  pid: number;
  dataDir: string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface EtcdCluster {
  /** Client URLs of all members. */
  endpoints: string[];
  members: EtcdMember[];
  stop(): Promise<void>;
}

/** The etcd binary: $K8TS_ETCD, /usr/bin/etcd, or `etcd` on PATH; undefined when none exists. */
export function findEtcdBinary(): string | undefined {
  const candidates = [process.env.K8TS_ETCD, '/usr/bin/etcd'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'etcd'));
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

interface MemberSpec {
  binary: string;
  name: string;
  dataDir: string;
  clientPort: number;
  peerPort: number;
  metricsPort: number;
  initialCluster: string;
  /** Same for every member of one cluster, unique per cluster. */
  clusterToken: string;
  logFile?: string;
  progressNotifyIntervalMs: number;
  extraArgs: string[];
}

const url = (port: number): string => `http://127.0.0.1:${port}`;

interface Spawned {
  child: ChildProcess;
  member: EtcdMember;
  metricsUrl: string;
  exited: Promise<void>;
}

function spawnMember(spec: MemberSpec): Spawned {
  mkdirSync(spec.dataDir, { recursive: true });
  const args = [
    '--name', spec.name,
    '--data-dir', spec.dataDir,
    '--listen-client-urls', url(spec.clientPort),
    '--advertise-client-urls', url(spec.clientPort),
    '--listen-peer-urls', url(spec.peerPort),
    '--initial-advertise-peer-urls', url(spec.peerPort),
    '--initial-cluster', spec.initialCluster,
    '--initial-cluster-state', 'new',
    '--initial-cluster-token', spec.clusterToken,
    '--listen-metrics-urls', url(spec.metricsPort),
    `--experimental-watch-progress-notify-interval=${spec.progressNotifyIntervalMs}ms`,
    ...spec.extraArgs,
  ];
  const fd = spec.logFile ? openSync(spec.logFile, 'a') : undefined;
  const child = spawn(spec.binary, args, { stdio: ['ignore', fd ?? 'ignore', fd ?? 'ignore'] });
  if (fd !== undefined) closeSync(fd);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
    child.once('error', () => {
      done = true;
      resolve();
    });
  });
  const stop = async (graceMs = 5000): Promise<void> => {
    if (done || child.pid === undefined) return;
    process.kill(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (!done && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([exited, killed]);
    clearTimeout(timer);
    await exited;
  };
  const member: EtcdMember = {
    name: spec.name,
    endpoints: [url(spec.clientPort)],
    peerUrl: url(spec.peerPort),
    pid: child.pid ?? -1,
    dataDir: spec.dataDir,
    stop,
  };
  return { child, member, metricsUrl: url(spec.metricsPort), exited };
}

async function healthy(clientUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return res.ok && body.health === 'true';
  } catch {
    return false;
  }
}

function logTail(file: string | undefined): string {
  if (!file) return '';
  try {
    return `\n${readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`;
  } catch {
    return '';
  }
}

/** Polls /health until it answers, the process exits, the timeout passes or `signal` aborts. */
async function waitHealthy(
  spawned: Spawned,
  timeoutMs: number,
  logFile: string | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new Error('etcd start aborted');
    if (exited) throw new Error(`etcd ${spawned.member.name} exited during start-up${logTail(logFile)}`);
    // The metrics port answers only if this process is up (someone else may own a busy client port).
    if ((await healthy(spawned.metricsUrl)) && (await healthy(spawned.member.endpoints[0]!)) && !exited) return;
    if (Date.now() > deadline) throw new Error(`etcd ${spawned.member.name} not healthy after ${timeoutMs} ms${logTail(logFile)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function binaryOrThrow(binary?: string): string {
  const bin = binary ?? findEtcdBinary();
  if (!bin) throw new Error('no etcd binary found (install etcd-server or set K8TS_ETCD)');
  return bin;
}

/** Starts a single-member etcd on loopback (free ports unless given) and waits until it is healthy. */
export async function startEtcd(opts: EtcdOptions): Promise<EtcdMember> {
  const binary = binaryOrThrow(opts.binary);
  const [c, p, m] = await freePorts(3);
  const name = opts.name ?? 'k8ts-etcd';
  const peerPort = opts.peerPort ?? p!;
  const spawned = spawnMember({
    binary,
    name,
    dataDir: opts.dataDir,
    clientPort: opts.clientPort ?? c!,
    peerPort,
    metricsPort: opts.metricsPort ?? m!,
    initialCluster: `${name}=${url(peerPort)}`,
    clusterToken: `k8ts-${peerPort}`,
    logFile: opts.logFile,
    progressNotifyIntervalMs: opts.progressNotifyIntervalMs ?? 5000,
    extraArgs: opts.extraArgs ?? [],
  });
  const onAbort = (): void => void spawned.member.stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  void spawned.exited.then(() => opts.signal?.removeEventListener('abort', onAbort));
  try {
    await waitHealthy(spawned, opts.startTimeoutMs ?? 30_000, opts.logFile, opts.signal);
  } catch (err) {
    await spawned.member.stop(1000);
    throw err;
  }
  return spawned.member;
}

export interface EtcdClusterOptions {
  signal?: AbortSignal;
  binary?: string;
  startTimeoutMs?: number;
  progressNotifyIntervalMs?: number;
  /** Write each member's output to <baseDir>/<name>.log (default true). */
  logs?: boolean;
  extraArgs?: string[];
}

/** Starts an n-member etcd cluster on loopback; member i keeps its data in <baseDir>/<name>. */
export async function startEtcdCluster(n: number, baseDir: string, opts: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const binary = binaryOrThrow(opts.binary);
  mkdirSync(baseDir, { recursive: true });
  const ports = await freePorts(3 * n);
  const names = Array.from({ length: n }, (_, i) => `k8ts-etcd-${i}`);
  const initialCluster = names.map((nm, i) => `${nm}=${url(ports[3 * i + 1]!)}`).join(',');
  const spawned = names.map((name, i) =>
    spawnMember({
      binary,
      name,
      dataDir: join(baseDir, name),
      clientPort: ports[3 * i]!,
      peerPort: ports[3 * i + 1]!,
      metricsPort: ports[3 * i + 2]!,
      initialCluster,
      clusterToken: `k8ts-${ports[1]}`,
      logFile: opts.logs === false ? undefined : join(baseDir, `${name}.log`),
      progressNotifyIntervalMs: opts.progressNotifyIntervalMs ?? 5000,
      extraArgs: opts.extraArgs ?? [],
    }),
  );
  const members = spawned.map((s) => s.member);
  const stop = async (): Promise<void> => {
    await Promise.all(members.map((m) => m.stop()));
  };
  const onAbort = (): void => void stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      spawned.map((s) =>
        waitHealthy(s, opts.startTimeoutMs ?? 60_000, opts.logs === false ? undefined : join(baseDir, `${s.member.name}.log`), opts.signal),
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoints: members.flatMap((m) => m.endpoints), members, stop };
}
