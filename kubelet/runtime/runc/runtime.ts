// RuncRuntime: the real RuntimeService (runc + conmon + overlayfs + CNI). State lives under
// options.root as JSON records, so a new instance on the same root re-adopts running pods.
// Operations on one sandbox or container are serialized; different ones run concurrently.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { netnsPath, PodNetwork } from '../../network/index.js';
import { RuntimeError, runtimeErrors, sharedSpawner } from '../../host/index.js';
import type { AttachOptions, AttachSession, Container, ContainerConfig, ContainerFilter, ContainerStatus, ExecOptions, ExecSession, ExecSyncResult,
  LocalImages, PodSandbox, PodSandboxConfig, PodSandboxFilter, PodSandboxStatus, RuntimeService } from '../index.js';
import { containerStatus, createContainer, removeContainerResources, startContainer, stopContainer, toContainer } from './container.js';
import { conmonReopenLog } from './conmon.js';
import { containerDir, type RuntimeContext } from './context.js';
import { execStream, execSync } from './exec.js';
import { attachStream, portForwardStream } from './streams.js';
import { lowerDirs, rootfsPaths } from './rootfs.js';
import { Runc } from './runc.js';
import { ensurePauseRootfs, removeSandboxResources, runSandbox, sandboxStatus, stopSandbox } from './sandbox.js';
import { StateStore, type ContainerRecord, type SandboxRecord } from './state.js';

export interface RuncRuntimeOptions {
  /** The runtime's state dir (not on overlayfs), e.g. /var/lib/k8ts/runtime. */
  root: string;
  log: Logger;
  images: LocalImages;
  network: { podCIDR: string; bridge?: string; networkName?: string; binDir?: string; mtu?: number };
  runc?: string;
  conmon?: string;
  /** Static busybox used as the pause process. */
  busybox?: string;
  /**
   * This instance owns the root (default true): state records are cached in memory. False for an
   * observer of a root another process writes (tests looking at a kubelet process's runtime).
   */
  owner?: boolean;
}

function matchLabels(labels: Record<string, string> | undefined, sel: Record<string, string> | undefined): boolean {
  return Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
}

class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key); });
    return next;
  }
}

export class RuncRuntime implements RuntimeService {
  private readonly ctx: RuntimeContext;
  private readonly lock = new KeyedLock();

  private constructor(ctx: RuntimeContext, private readonly busybox: string) { this.ctx = ctx; }

  /** Creates the runtime and its directories (idempotent; re-adopts existing state). */
  static async create(o: RuncRuntimeOptions): Promise<RuncRuntime> {
    const paths = {
      sandboxes: join(o.root, 'sandboxes'), containers: join(o.root, 'containers'), exits: join(o.root, 'exits'),
      runcRoot: join(o.root, 'runc'), attach: join(o.root, 'attach'), pauseRootfs: join(o.root, 'pause', 'rootfs'),
    };
    for (const d of Object.values(paths)) await mkdir(d, { recursive: true });
    const runcBinary = o.runc ?? '/usr/sbin/runc';
    const busybox = o.busybox ?? ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
    if (!busybox) throw new RuntimeError('FailedPrecondition', 'busybox (static) is needed for the pause process');
    const ctx: RuntimeContext = {
      root: o.root, runc: new Runc(runcBinary, paths.runcRoot), runcBinary, conmonBinary: o.conmon ?? '/usr/bin/conmon',
      store: new StateStore(o.root, o.owner ?? true), images: o.images, log: o.log, paths,
      network: new PodNetwork({ ...o.network, stateDir: join(o.root, 'cni') }, o.log.child({ part: 'cni' })),
    };
    await ctx.store.init();
    // Start the spawn helper now, not on the first pod (a Node process takes a few hundred ms to boot).
    await sharedSpawner()?.run({ cmd: 'true', args: [] });
    const rt = new RuncRuntime(ctx, busybox);
    await ensurePauseRootfs(ctx, rt.busybox);
    return rt;
  }

  private async sandbox(id: string): Promise<SandboxRecord> {
    const rec = await this.ctx.store.getSandbox(id);
    if (!rec) throw runtimeErrors.notFound('pod sandbox', id);
    return rec;
  }

  private async container(id: string): Promise<ContainerRecord> {
    const rec = await this.ctx.store.getContainer(id);
    if (!rec) throw runtimeErrors.notFound('container', id);
    return rec;
  }

  runPodSandbox(config: PodSandboxConfig, signal?: AbortSignal): Promise<string> {
    return runSandbox(this.ctx, config, signal);
  }

  stopPodSandbox(id: string, signal?: AbortSignal): Promise<void> {
    return this.lock.run(id, async () => {
      const rec = await this.ctx.store.getSandbox(id);
      if (!rec) return;
      for (const c of await this.containersOf(id)) {
        await this.lock.run(c.id, () => stopContainer(this.ctx, c, 0, signal));
      }
      await stopSandbox(this.ctx, rec, signal);
    });
  }

  removePodSandbox(id: string): Promise<void> {
    return this.lock.run(id, async () => {
      const rec = await this.ctx.store.getSandbox(id);
      if (!rec) return;
      for (const c of await this.containersOf(id)) {
        await this.lock.run(c.id, () => removeContainerResources(this.ctx, c));
      }
      await removeSandboxResources(this.ctx, rec);
      this.ctx.log.info({ sandbox: id }, 'sandbox removed');
    });
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    return sandboxStatus(this.ctx, await this.sandbox(id));
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const rec of await this.ctx.store.listSandboxes()) {
      if (filter.id && rec.id !== filter.id) continue;
      if (!matchLabels(rec.config.labels, filter.labelSelector)) continue;
      const st = await sandboxStatus(this.ctx, rec);
      if (filter.state && st.state !== filter.state) continue;
      out.push({ id: rec.id, metadata: st.metadata, state: st.state, createdAt: rec.createdAt,
        labels: st.labels, annotations: st.annotations });
    }
    return out;
  }

  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig, signal?: AbortSignal): Promise<string> {
    return this.lock.run(podSandboxId, async () =>
      createContainer(this.ctx, await this.sandbox(podSandboxId), config, sandboxConfig, signal));
  }

  startContainer(id: string, signal?: AbortSignal): Promise<void> {
    return this.lock.run(id, async () => startContainer(this.ctx, await this.container(id), signal));
  }

  stopContainer(id: string, timeoutSec: number, signal?: AbortSignal): Promise<void> {
    return this.lock.run(id, async () => stopContainer(this.ctx, await this.container(id), timeoutSec, signal));
  }

  removeContainer(id: string): Promise<void> {
    return this.lock.run(id, async () => {
      const rec = await this.ctx.store.getContainer(id);
      if (rec) await removeContainerResources(this.ctx, rec);
    });
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const out: Container[] = [];
    for (const rec of await this.ctx.store.listContainers()) {
      if (filter.id && rec.id !== filter.id) continue;
      if (filter.podSandboxId && rec.sandboxId !== filter.podSandboxId) continue;
      if (!matchLabels(rec.config.labels, filter.labelSelector)) continue;
      const st = await containerStatus(this.ctx, rec);
      if (filter.state && st.state !== filter.state) continue;
      out.push(toContainer(rec, st));
    }
    return out;
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    return containerStatus(this.ctx, await this.container(id));
  }

  private async running(id: string): Promise<ContainerRecord> {
    const rec = await this.container(id);
    const st = await containerStatus(this.ctx, rec);
    if (st.state !== 'CONTAINER_RUNNING') throw runtimeErrors.precondition(`container ${id} is not running (${st.state})`);
    return rec;
  }

  async execSync(id: string, cmd: string[], timeoutSec: number, signal?: AbortSignal): Promise<ExecSyncResult> {
    await this.running(id);
    return execSync(this.ctx.runc, id, cmd, timeoutSec, signal);
  }

  async exec(id: string, cmd: string[], opts?: ExecOptions): Promise<ExecSession> {
    await this.running(id);
    return execStream(this.ctx.runc, id, cmd, opts);
  }

  async attach(id: string, opts: AttachOptions = {}): Promise<AttachSession> {
    const rec = await this.running(id);
    // conmon binds the socket in the bundle and links <attach dir>/<id> to it (short socket paths).
    return attachStream(join(this.ctx.paths.attach, id, 'attach'), containerDir(this.ctx, id),
      { ...opts, stdin: !!opts.stdin && !!rec.config.stdin, tty: !!rec.config.tty });
  }

  async portForward(podSandboxId: string, port: number, signal?: AbortSignal): Promise<Duplex> {
    const sb = await this.sandbox(podSandboxId);
    const st = await sandboxStatus(this.ctx, sb);
    if (st.state !== 'SANDBOX_READY') throw runtimeErrors.precondition(`pod sandbox ${podSandboxId} is not ready`);
    return portForwardStream(sb.netnsName ? netnsPath(sb.netnsName) : undefined, port, signal);
  }

  async reopenContainerLog(id: string): Promise<void> {
    await this.running(id);
    await conmonReopenLog(containerDir(this.ctx, id));
  }

  /** diff_ids of layers under existing containers' rootfs (for ImageManager's layersInUse). */
  async layersInUse(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const rec of await this.ctx.store.listContainers()) {
      for (const l of rec.layers) out.add(l);
      for (const d of await lowerDirs(rootfsPaths(containerDir(this.ctx, rec.id)))) out.add(`sha256:${d.split('/').pop()!}`);
    }
    return out;
  }

  private async containersOf(sandboxId: string): Promise<ContainerRecord[]> {
    return (await this.ctx.store.listContainers()).filter((c) => c.sandboxId === sandboxId);
  }
}
