// Pod sandboxes: a named network namespace wired by CNI, per-pod files and /dev/shm, and a pause
// container holding the pod's IPC and UTS namespaces (hostname = pod name). The pause process is
// the host's static busybox running `sleep 2147483647` from a shared read-only rootfs that holds
// only /bin/busybox: no pause image to pull, nothing to build.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { RuntimeError, stopwatch } from '../../host/index.js';
import { createNetns, deleteNetns, netnsPath } from '../../network/index.js';
import type { PodSandboxConfig, PodSandboxStatus } from '../index.js';
import { removeCgroup } from './cgroups.js';
import { conmonCreate } from './conmon.js';
import { exitFile, pidAlive, readExit, sandboxDir, waitExit, type RuntimeContext } from './context.js';
import { mountShm, podFilePaths, unmountShm, writePodFiles } from './podfiles.js';
import { bindMount, buildSpec, type OciNamespace } from './spec.js';
import type { SandboxRecord } from './state.js';

export const PAUSE_ARGS = ['/bin/busybox', 'sleep', '2147483647'];

export function newId(): string { return randomBytes(16).toString('hex'); }

/** Creates the shared pause rootfs (bin/busybox + mount points) once. */
export async function ensurePauseRootfs(ctx: RuntimeContext, busybox: string): Promise<void> {
  const root = ctx.paths.pauseRootfs;
  if (await stat(join(root, 'bin', 'busybox')).then(() => true, () => false)) return;
  for (const d of ['bin', 'proc', 'dev', 'sys', 'etc', 'tmp']) await mkdir(join(root, d), { recursive: true });
  await copyFile(busybox, join(root, 'bin', 'busybox.tmp'));
  await chmod(join(root, 'bin', 'busybox.tmp'), 0o755);
  await rename(join(root, 'bin', 'busybox.tmp'), join(root, 'bin', 'busybox'));
}

function hostIPv4(): string | undefined {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

export function defaultCgroupParent(id: string): string { return `/k8ts/pod-${id}`; }

export async function runSandbox(ctx: RuntimeContext, config: PodSandboxConfig, signal?: AbortSignal): Promise<string> {
  if (!config.metadata?.name || !config.metadata.namespace) throw new RuntimeError('InvalidArgument', 'sandbox metadata needs name and namespace');
  const id = newId();
  const nsOpts = config.linux?.securityContext?.namespaceOptions ?? {};
  const hostNetwork = nsOpts.network === 'NODE';
  const hostname = config.hostname || config.metadata.name;
  const rec: SandboxRecord = {
    id, config, createdAt: Date.now(), stopped: false,
    cgroupParent: config.linux?.cgroupParent || defaultCgroupParent(id),
    ...(hostNetwork ? {} : { netnsName: `k8ts-${id}` }),
  };
  const log = ctx.log.child({ sandbox: id, pod: `${config.metadata.namespace}/${config.metadata.name}` });
  const sw = stopwatch();
  await ctx.store.putSandbox(rec); // first, so a failure or crash below can still be cleaned up
  let shmDone: Promise<unknown> = Promise.resolve();
  try {
    const dir = sandboxDir(ctx, id);
    const files = podFilePaths(dir);
    // /dev/shm and the network are independent: set them up side by side.
    const shm = mountShm(files).then(() => sw.lap('shm'));
    shmDone = shm.catch(() => undefined);
    if (rec.netnsName) {
      const netns = await createNetns(rec.netnsName, signal);
      sw.lap('netns');
      const net = await ctx.network.setUp({
        id, netns, podName: config.metadata.name, podNamespace: config.metadata.namespace, podUid: config.metadata.uid,
        portMappings: (config.portMappings ?? []).filter((p) => p.hostPort > 0).map((p) => ({
          hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP', hostIP: p.hostIp })),
      }, signal);
      rec.ip = net.ip;
      sw.lap('cni');
    } else {
      rec.ip = hostIPv4();
    }
    await shm;
    await writePodFiles(files, { hostname, ip: rec.ip, dns: config.dnsConfig, hostNetwork });
    const namespaces: OciNamespace[] = [{ type: 'mount' }];
    if (nsOpts.pid !== 'NODE') namespaces.push({ type: 'pid' });
    if (nsOpts.ipc !== 'NODE') namespaces.push({ type: 'ipc' });
    if (!hostNetwork) namespaces.push({ type: 'uts' }, { type: 'network', path: netnsPath(rec.netnsName!) });
    const bundle = join(dir, 'bundle');
    await mkdir(join(dir, 'persist'), { recursive: true });
    await mkdir(bundle, { recursive: true });
    const spec = buildSpec({
      args: PAUSE_ARGS, env: ['PATH=/bin'], cwd: '/', uid: 0, gid: 0, terminal: false,
      hostname: hostNetwork ? undefined : hostname,
      rootfs: ctx.paths.pauseRootfs, readonlyRootfs: true, namespaces,
      mounts: [bindMount(files.shm, '/dev/shm', false)],
      cgroupsPath: `${rec.cgroupParent}/${id}`, privileged: false,
      capabilities: { dropCapabilities: ['ALL'] },
      sysctl: config.linux?.sysctls,
    });
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    sw.lap('files');
    rec.pausePid = await conmonCreate({
      id, name: `k8ts_POD_${config.metadata.namespace}_${config.metadata.name}`, bundle,
      runtime: ctx.runcBinary, runcRoot: ctx.paths.runcRoot, logPath: join(dir, 'pause.log'),
      exitDir: ctx.paths.exits, persistDir: join(dir, 'persist'), socketDir: ctx.paths.attach,
      terminal: false, stdin: false, signal, conmonBinary: ctx.conmonBinary,
    });
    sw.lap('create');
    await ctx.runc.start(id, signal);
    sw.lap('start');
    await ctx.store.putSandbox(rec);
    log.info({ ip: rec.ip, ms: sw.laps }, 'sandbox running');
    return id;
  } catch (err) {
    log.warn({ err }, 'sandbox start failed; cleaning up');
    await shmDone; // never unmount before the mount finished
    await removeSandboxResources(ctx, rec).catch((e: unknown) => log.error({ err: e }, 'cleanup after failed sandbox start'));
    throw err;
  }
}

/** Kills the pause container and releases the network (CNI DEL before deleting the netns). */
export async function stopSandbox(ctx: RuntimeContext, rec: SandboxRecord, signal?: AbortSignal): Promise<void> {
  if (rec.pausePid) {
    await ctx.runc.kill(rec.id, 'KILL', true);
    if (!(await waitExit(ctx, rec.id, 10_000, signal)) && pidAlive(rec.pausePid)) {
      throw new RuntimeError('Internal', `pause container of ${rec.id} did not stop`);
    }
  }
  if (rec.netnsName) {
    await ctx.network.tearDown(rec.id, netnsPath(rec.netnsName), signal);
    await deleteNetns(rec.netnsName, signal);
  }
  if (!rec.stopped) {
    rec.stopped = true;
    await ctx.store.putSandbox(rec);
  }
}

/** Everything a sandbox holds on the host; safe to call on a half-created one. */
export async function removeSandboxResources(ctx: RuntimeContext, rec: SandboxRecord): Promise<void> {
  await stopSandbox(ctx, rec);
  await ctx.runc.delete(rec.id);
  await unmountShm(podFilePaths(sandboxDir(ctx, rec.id)));
  await removeCgroup(`${rec.cgroupParent}/${rec.id}`);
  // The pod cgroup goes too once empty (rmdir fails harmlessly while other pods' dirs are in it).
  await removeCgroup(rec.cgroupParent, false);
  await rm(exitFile(ctx, rec.id), { force: true });
  await ctx.store.drop('sandboxes', rec.id);
}

export async function sandboxStatus(ctx: RuntimeContext, rec: SandboxRecord): Promise<PodSandboxStatus> {
  const exit = await readExit(ctx, rec.id, join(sandboxDir(ctx, rec.id), 'persist'));
  const ready = !rec.stopped && !exit && pidAlive(rec.pausePid);
  const ns = rec.config.linux?.securityContext?.namespaceOptions ?? {};
  return {
    id: rec.id,
    metadata: rec.config.metadata,
    state: ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
    createdAt: rec.createdAt,
    network: { ip: rec.stopped ? undefined : rec.ip },
    linux: { namespaces: { options: { network: ns.network ?? 'POD', pid: ns.pid ?? 'CONTAINER', ipc: ns.ipc ?? 'POD' } } },
    labels: rec.config.labels ?? {},
    annotations: rec.config.annotations ?? {},
  };
}
