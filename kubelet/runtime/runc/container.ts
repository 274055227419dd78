// App containers: overlay rootfs over the image layers, an OCI spec joining the sandbox's network
// (netns path) and IPC/UTS (/proc/<pause>/ns/…), created under conmon, started/stopped/deleted with
// runc. Status comes from the persisted record plus conmon's exit file, so it survives restarts.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { RuntimeError, stopwatch } from '../../host/index.js';
import { netnsPath } from '../../network/index.js';
import type { Container, ContainerConfig, ContainerStatus, PodSandboxConfig } from '../index.js';
import { oomKillCount, removeCgroup } from './cgroups.js';
import { conmonAlive, containerDir, exitFile, readExit, sandboxDir, waitExit, pidAlive, type RuntimeContext } from './context.js';
import { conmonCreate } from './conmon.js';
import { podFilePaths } from './podfiles.js';
import { mountRootfs, rootfsPaths, unmount } from './rootfs.js';
import { newId } from './sandbox.js';
import { bindMount, buildSpec, mergeArgs, mergeEnv, userMounts, type OciMount, type OciNamespace } from './spec.js';
import type { ContainerRecord, SandboxRecord } from './state.js';
import { resolveUser } from './user.js';

export async function createContainer(ctx: RuntimeContext, sb: SandboxRecord, config: ContainerConfig,
  sandboxConfig: PodSandboxConfig, signal?: AbortSignal): Promise<string> {
  if (!config.metadata?.name) throw new RuntimeError('InvalidArgument', 'container metadata needs a name');
  if (sb.stopped || !pidAlive(sb.pausePid)) throw new RuntimeError('FailedPrecondition', `sandbox ${sb.id} is not ready`);
  const image = await ctx.images.resolve(config.image.image);
  if (!image) throw new RuntimeError('NotFound', `image "${config.image.image}" not present`);
  const id = newId();
  const dir = containerDir(ctx, id);
  const logDir = sandboxConfig.logDirectory ?? sb.config.logDirectory;
  const logPath = logDir && config.logPath ? join(logDir, config.logPath) : join(dir, 'container.log');
  if (!isAbsolute(logPath)) throw new RuntimeError('InvalidArgument', `log path ${logPath} is not absolute`);
  const rec: ContainerRecord = {
    id, sandboxId: sb.id, config, imageRef: image.id, layers: image.layerDirs.map((d) => `sha256:${d.split('/').pop()!}`),
    createdAt: Date.now(), startedAt: 0, created: false, logPath, cgroupsPath: `${sb.cgroupParent}/${id}`,
  };
  const sw = stopwatch();
  await ctx.store.putContainer(rec);
  const log = ctx.log.child({ container: id, sandbox: sb.id, name: config.metadata.name });
  try {
    const rp = rootfsPaths(dir);
    await mountRootfs(rp, image.layerDirs, signal);
    sw.lap('rootfs');
    const sc = config.linux?.securityContext ?? {};
    const nsOpts = { ...(sb.config.linux?.securityContext?.namespaceOptions ?? {}), ...(sc.namespaceOptions ?? {}) };
    const hostNetwork = nsOpts.network === 'NODE';
    const pause = sb.pausePid!;
    const namespaces: OciNamespace[] = [{ type: 'mount' }];
    if (nsOpts.pid === 'POD') namespaces.push({ type: 'pid', path: `/proc/${pause}/ns/pid` });
    else if (nsOpts.pid === 'TARGET') namespaces.push({ type: 'pid', path: `/proc/${await targetPid(ctx, sb, nsOpts.targetId)}/ns/pid` });
    else if (nsOpts.pid !== 'NODE') namespaces.push({ type: 'pid' });
    if (nsOpts.ipc !== 'NODE') namespaces.push({ type: 'ipc', path: `/proc/${pause}/ns/ipc` });
    if (!hostNetwork) {
      namespaces.push({ type: 'uts', path: `/proc/${pause}/ns/uts` }, { type: 'network', path: netnsPath(sb.netnsName!) });
    }
    const files = podFilePaths(sandboxDir(ctx, sb.id));
    const user = userMounts(config.mounts);
    const taken = new Set(user.map((m) => m.destination));
    const ro = !!sc.readonlyRootfs;
    const podMounts: OciMount[] = [
      bindMount(files.hostname, '/etc/hostname', ro), bindMount(files.hosts, '/etc/hosts', ro),
      bindMount(files.resolvConf, '/etc/resolv.conf', ro), bindMount(files.shm, '/dev/shm', false),
    ].filter((m) => !taken.has(m.destination));
    const hostname = hostNetwork ? osHostname() : (sandboxConfig.hostname || sb.config.hostname || sb.config.metadata.name);
    const { uid, gid } = await resolveUser(rp.rootfs, image.config.user, sc.runAsUser, sc.runAsGroup);
    const args = mergeArgs(config.command, config.args, image.config.entrypoint, image.config.cmd);
    if (args.length === 0) throw new RuntimeError('InvalidArgument', 'no command specified and the image has none');
    const spec = buildSpec({
      args, env: mergeEnv(image.config.env, config.envs, { HOSTNAME: hostname }),
      cwd: config.workingDir || image.config.workingDir || '/', uid, gid, additionalGids: sc.supplementalGroups,
      terminal: !!config.tty, rootfs: rp.rootfs, readonlyRootfs: ro, namespaces,
      mounts: [...podMounts, ...user], cgroupsPath: rec.cgroupsPath, resources: config.linux?.resources,
      privileged: !!sc.privileged, capabilities: sc.capabilities, noNewPrivs: sc.noNewPrivs,
    });
    await writeFile(join(dir, 'config.json'), JSON.stringify(spec));
    await mkdir(dirname(logPath), { recursive: true });
    await mkdir(join(dir, 'persist'), { recursive: true });
    sw.lap('spec');
    rec.pid = await conmonCreate({
      id, name: `k8ts_${config.metadata.name}_${sb.config.metadata.namespace}_${sb.config.metadata.name}`,
      bundle: dir, runtime: ctx.runcBinary, runcRoot: ctx.paths.runcRoot, logPath, exitDir: ctx.paths.exits,
      persistDir: join(dir, 'persist'), socketDir: ctx.paths.attach, terminal: !!config.tty, stdin: !!config.stdin, stdinOnce: !!config.stdinOnce,
      signal, conmonBinary: ctx.conmonBinary,
    });
    rec.created = true;
    sw.lap('create');
    await ctx.store.putContainer(rec);
    log.debug({ pid: rec.pid, ms: sw.laps }, 'container created');
    return id;
  } catch (err) {
    await removeContainerResources(ctx, rec).catch((e: unknown) => log.error({ err: e }, 'cleanup after failed create'));
    throw err;
  }
}

/** The init process of the running container whose PID namespace a TARGET container joins. */
async function targetPid(ctx: RuntimeContext, sb: SandboxRecord, targetId: string | undefined): Promise<number> {
  const t = targetId ? await ctx.store.getContainer(targetId) : undefined;
  if (!t || t.sandboxId !== sb.id) throw new RuntimeError('NotFound', `target container ${targetId ?? '(none)'} not found in sandbox ${sb.id}`);
  if (!t.pid || !pidAlive(t.pid)) throw new RuntimeError('FailedPrecondition', `target container ${t.id} is not running`);
  return t.pid;
}

export async function startContainer(ctx: RuntimeContext, rec: ContainerRecord, signal?: AbortSignal): Promise<void> {
  const st = await containerStatus(ctx, rec);
  if (st.state !== 'CONTAINER_CREATED') throw new RuntimeError('FailedPrecondition', `container ${rec.id} is ${st.state}, not created`);
  // The process runs from inside `runc start` on, and may even exit before it returns.
  const startedAt = Date.now();
  await ctx.runc.start(rec.id, signal);
  rec.startedAt = startedAt;
  await ctx.store.putContainer(rec);
}

/** SIGTERM, wait up to timeoutSec for conmon's exit file, then SIGKILL (all processes). */
export async function stopContainer(ctx: RuntimeContext, rec: ContainerRecord, timeoutSec: number, signal?: AbortSignal): Promise<void> {
  if (!rec.created || (await readExit(ctx, rec.id, join(containerDir(ctx, rec.id), 'persist')))) return;
  if (timeoutSec > 0) {
    await ctx.runc.kill(rec.id, 'TERM');
    if (await waitExit(ctx, rec.id, timeoutSec * 1000, signal)) return;
  }
  await ctx.runc.kill(rec.id, 'KILL', true);
  if (!(await waitExit(ctx, rec.id, 10_000, signal)) && (await conmonAlive(containerDir(ctx, rec.id)))) {
    throw new RuntimeError('Internal', `container ${rec.id} did not exit after SIGKILL`);
  }
}

/** Kills if needed, deletes runc state, unmounts the rootfs, removes dirs and the cgroup. */
export async function removeContainerResources(ctx: RuntimeContext, rec: ContainerRecord): Promise<void> {
  const dir = containerDir(ctx, rec.id);
  if (rec.created) await stopContainer(ctx, rec, 0);
  await ctx.runc.delete(rec.id);
  await unmount(rootfsPaths(dir).rootfs);
  await removeCgroup(rec.cgroupsPath);
  await rm(exitFile(ctx, rec.id), { force: true });
  await ctx.store.drop('containers', rec.id);
}

export async function containerStatus(ctx: RuntimeContext, rec: ContainerRecord): Promise<ContainerStatus> {
  const dir = containerDir(ctx, rec.id);
  const exit = rec.created ? await readExit(ctx, rec.id, join(dir, 'persist')) : undefined;
  let state: ContainerStatus['state'];
  let reason = '';
  let message = '';
  let exitCode = 0;
  let finishedAt = 0;
  if (exit) {
    state = 'CONTAINER_EXITED';
    exitCode = exit.code;
    finishedAt = Math.max(exit.at, rec.startedAt);
    const oom = exit.oom || (exitCode === 137 && (await oomKillCount(rec.cgroupsPath)) > 0);
    reason = oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  } else if (!rec.created) {
    state = 'CONTAINER_UNKNOWN';
    message = 'container creation did not finish';
  } else if (!(await conmonAlive(dir))) {
    state = 'CONTAINER_EXITED';
    exitCode = 255;
    reason = 'Error';
    message = 'the container monitor (conmon) is gone and left no exit code';
  } else {
    state = rec.startedAt ? 'CONTAINER_RUNNING' : 'CONTAINER_CREATED';
  }
  return {
    id: rec.id, podSandboxId: rec.sandboxId, metadata: rec.config.metadata, state,
    createdAt: rec.createdAt, startedAt: rec.startedAt, finishedAt, exitCode,
    ...(state === 'CONTAINER_RUNNING' || state === 'CONTAINER_CREATED' ? { pid: rec.pid } : {}),
    image: rec.config.image, imageRef: rec.imageRef, reason, message,
    labels: rec.config.labels ?? {}, annotations: rec.config.annotations ?? {},
    mounts: rec.config.mounts ?? [], logPath: rec.logPath,
  };
}

export function toContainer(rec: ContainerRecord, st: ContainerStatus): Container {
  return { id: rec.id, podSandboxId: rec.sandboxId, metadata: rec.config.metadata, image: rec.config.image,
    imageRef: rec.imageRef, state: st.state, createdAt: rec.createdAt,
    labels: rec.config.labels ?? {}, annotations: rec.config.annotations ?? {} };
}
