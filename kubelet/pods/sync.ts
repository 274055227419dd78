// syncPod: one level-based pass that moves a pod toward running on this node. It reads what the
// runtime holds, then: volumes → sandbox (new one if none is ready) → init containers in order →
// containers (restarted per restartPolicy with CrashLoopBackOff, or after a liveness failure).
// Every pass is idempotent: running containers are adopted, never restarted by a resync.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { formatDuration } from '../../apimachinery/duration.js';
import { errorMessage, stopwatch } from '../host/index.js';
import { runHandler } from '../probes/index.js';
import type { ContainerStatus, PodSandboxConfig, PodSandboxStatus } from '../runtime/index.js';
import { setUpVolumes, type VolumeSources } from '../volumes/index.js';
import { CRASHLOOP_RESET_MS } from './backoff.js';
import { containerConfig, sandboxConfig } from './containers.js';
import type { NodeContext, PodRuntime, PodState } from './context.js';
import { downwardItemValue, resolveEnv, type EnvSources } from './env.js';
import { ensureImage } from './images.js';
import { gracePeriodSeconds, killPod, stopContainer } from './kill.js';
import { EventReasons, podEvent } from './events.js';
import { podFullName, podRef } from './labels.js';
import { observePod } from './observe.js';
import { instancesOf, restartCountOf } from './status.js';

/** How soon the pod wants another pass (backoffs, retries), if at all. */
export interface SyncResult { requeueAfterMs?: number; runtime: PodRuntime }

const VOLUME_REFRESH_MS = 60_000;
const RETRY_MS = 10_000;

export function envSources(ctx: NodeContext, podIP: string | undefined): EnvSources {
  return {
    configMap: (ns, name) => ctx.api.getConfigMap(ns, name),
    secret: (ns, name) => ctx.api.getSecret(ns, name),
    serviceAccountToken: (pod, src) => ctx.tokens.get(pod, src),
    podIP, hostIP: ctx.hostIP, nodeAllocatable: ctx.nodeAllocatable(),
  };
}

/** The env sources plus the downward API values a downwardAPI volume item asks for. */
export function volumeSources(ctx: NodeContext, podIP: string | undefined): VolumeSources {
  const src = envSources(ctx, podIP);
  return { ...src, downwardValue: (pod, item) => downwardItemValue(pod, item, src) };
}

/** The back-off as the kubelet prints it: Go's Duration.String() in whole seconds ("10s", "5m0s"). */
function fmtDuration(ms: number): string {
  return formatDuration(Math.round(ms / 1000) * 1000);
}

export function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

class Pass {
  requeue?: number;
  constructor(readonly ctx: NodeContext, readonly pod: V1Pod, readonly st: PodState, readonly sandbox: PodSandboxStatus,
    readonly sandboxCfg: PodSandboxConfig, readonly all: ContainerStatus[]) {}

  want(ms: number): void { this.requeue = this.requeue === undefined ? ms : Math.min(this.requeue, ms); }

  get podIP(): string | undefined { return this.pod.spec?.hostNetwork ? this.ctx.hostIP : this.sandbox.network.ip; }

  /** Creates and starts a new instance of `c`; records why not in st.waiting. */
  async start(c: V1Container, init: boolean, targetId?: string): Promise<void> {
    const { ctx, pod, st } = this;
    const restartCount = (() => {
      const prev = instancesOf(this.all, c.name)[0];
      return prev ? restartCountOf(prev) + 1 : 0;
    })();
    const sw = stopwatch();
    const img = await ensureImage(ctx, pod, c);
    sw.lap('image');
    if (!img.ok) { st.waiting.set(c.name, img.waiting); this.want(img.retryMs); return; }
    const env = ctx.materialize ? await resolveEnv(pod, c, envSources(ctx, this.podIP)) : { ok: true as const, envs: [] };
    if (!env.ok) { this.fail(c, 'CreateContainerConfigError', env.message); return; }
    const cfg = containerConfig({ pod, container: c, init, restartCount, imageRef: img.ref, envs: env.envs, volumes: st.volumes ?? new Map(), targetId });
    if (typeof cfg === 'string') { this.fail(c, 'CreateContainerConfigError', cfg); return; }
    let id: string;
    try {
      id = await ctx.startGate.run(true, () => ctx.runtime.createContainer(this.sandbox.id, cfg, this.sandboxCfg));
    } catch (err) {
      this.fail(c, 'CreateContainerError', errorMessage(err));
      return;
    }
    sw.lap('create');
    podEvent(ctx.recorder, pod, 'Normal', EventReasons.Created, `Created container: ${c.name}`, c.name);
    await this.run(c, id);
    sw.lap('start');
    ctx.log.debug({ pod: podRef(pod), container: c.name, ms: sw.laps }, 'container start steps');
  }

  /** The container cannot be created or started: waiting with `reason`, a Failed event, a retry. */
  fail(c: V1Container, reason: string, message: string): void {
    this.st.waiting.set(c.name, { reason, message });
    podEvent(this.ctx.recorder, this.pod, 'Warning', EventReasons.Failed, `Error: ${message}`, c.name);
    this.want(RETRY_MS);
  }

  async run(c: V1Container, id: string): Promise<void> {
    const { ctx, pod, st } = this;
    try {
      await ctx.startGate.run(true, () => ctx.runtime.startContainer(id));
    } catch (err) {
      this.fail(c, 'RunContainerError', errorMessage(err));
      return;
    }
    st.waiting.delete(c.name);
    podEvent(ctx.recorder, pod, 'Normal', EventReasons.Started, `Started container ${c.name}`, c.name);
    ctx.log.debug({ pod: podRef(pod), container: c.name, id }, 'container started');
    const postStart = c.lifecycle?.postStart;
    if (postStart) {
      const r = await runHandler(postStart, { runtime: ctx.runtime, containerId: id, container: c, podIP: this.podIP }, 30);
      if (!r.ok) {
        ctx.log.info({ pod: podRef(pod), container: c.name, output: r.output }, 'postStart hook failed; killing container');
        podEvent(ctx.recorder, pod, 'Warning', EventReasons.FailedPostStartHook, `PostStartHook failed: ${r.output}`, c.name);
        await ctx.runtime.stopContainer(id, gracePeriodSeconds(pod));
      }
    }
  }

  /** An exited container due a restart: now, or CrashLoopBackOff while its backoff runs. */
  async restart(c: V1Container, latest: ContainerStatus, init: boolean): Promise<void> {
    const key = `${this.pod.metadata?.uid ?? ''}/${c.name}`;
    const bo = this.ctx.crashBackoff;
    if (latest.startedAt && latest.finishedAt - latest.startedAt >= CRASHLOOP_RESET_MS) bo.reset(key);
    const left = bo.remaining(key, latest.finishedAt);
    if (left > 0) {
      this.st.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${fmtDuration(bo.get(key))} restarting failed container=${c.name} pod=${podFullName(this.pod)}` });
      podEvent(this.ctx.recorder, this.pod, 'Warning', EventReasons.BackOff, `Back-off restarting failed container ${c.name} in pod ${podFullName(this.pod)}`, c.name);
      this.want(left);
      return;
    }
    bo.next(key);
    await this.start(c, init);
  }
}

/** Volumes (refreshed every minute); returns false (pod waits) when one cannot be set up. */
async function volumes(ctx: NodeContext, pod: V1Pod, st: PodState, podIP: string | undefined): Promise<boolean> {
  const tokenDue = ctx.tokens.nextRefresh(pod.metadata?.uid ?? '');
  if (st.volumes && ctx.now() - st.volumesAt < VOLUME_REFRESH_MS && (tokenDue === undefined || tokenDue > ctx.now())) return true;
  const r = await setUpVolumes(pod, volumeSources(ctx, podIP), { podDir: `${ctx.podsDir}/${pod.metadata?.uid ?? ''}`, materialize: ctx.materialize });
  if (!r.ok) {
    ctx.log.info({ pod: podRef(pod), reason: 'FailedMount', message: r.message }, 'volume set-up failed');
    podEvent(ctx.recorder, pod, 'Warning', EventReasons.FailedMount, r.message);
    if (!st.volumes) return false;
    return true; // keep the volumes already mounted; retry later
  }
  st.volumes = r.paths;
  st.volumesAt = ctx.now();
  return true;
}

/**
 * Ephemeral containers run once, never restarted; one with a target waits until the target runs,
 * then joins its PID namespace (Kubernetes starts them even while init containers run).
 */
async function startEphemeral(pass: Pass, current: ContainerStatus[]): Promise<void> {
  for (const ec of pass.pod.spec?.ephemeralContainers ?? []) {
    if (instancesOf(current, ec.name).length > 0) { pass.st.waiting.delete(ec.name); continue; }
    const target = ec.targetContainerName ? instancesOf(current, ec.targetContainerName)[0] : undefined;
    if (ec.targetContainerName && target?.state !== 'CONTAINER_RUNNING') { pass.want(1000); continue; }
    await pass.start(ec, false, target?.id);
  }
}

export async function syncPod(ctx: NodeContext, pod: V1Pod, st: PodState): Promise<SyncResult> {
  const uid = pod.metadata?.uid ?? '';
  let rt = await observePod(ctx.runtime, uid);
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const phase = pod.status?.phase;
  if (st.finished || phase === 'Succeeded' || phase === 'Failed') {
    st.finished = true;
    if (rt.sandboxes.some((s) => s.state === 'SANDBOX_READY') || rt.containers.some((c) => c.state === 'CONTAINER_RUNNING')) {
      await killPod(ctx, pod, rt, gracePeriodSeconds(pod));
      rt = await observePod(ctx.runtime, uid);
    }
    return { runtime: rt };
  }
  if (!(await volumes(ctx, pod, st, rt.sandboxes[0]?.network.ip))) return { requeueAfterMs: RETRY_MS, runtime: rt };

  let sandbox = rt.sandboxes[0];
  if (!sandbox || sandbox.state !== 'SANDBOX_READY') {
    if (rt.containers.length) await killPod(ctx, pod, rt, 0);
    const attempt = sandbox ? (sandbox.metadata.attempt ?? 0) + 1 : 0;
    try {
      await ctx.startGate.run(false, () => ctx.runtime.runPodSandbox(sandboxConfig(pod, { logsDir: ctx.logsDir, dns: ctx.dns, attempt })));
    } catch (err) {
      ctx.log.warn({ pod: podRef(pod), err: errorMessage(err) }, 'creating the pod sandbox failed');
      podEvent(ctx.recorder, pod, 'Warning', EventReasons.FailedCreatePodSandBox, `Failed to create pod sandbox: ${errorMessage(err)}`);
      return { requeueAfterMs: RETRY_MS, runtime: rt };
    }
    rt = await observePod(ctx.runtime, uid);
    sandbox = rt.sandboxes[0]!;
  }
  const cfg = sandboxConfig(pod, { logsDir: ctx.logsDir, dns: ctx.dns, attempt: sandbox.metadata.attempt ?? 0 });
  const current = rt.containers.filter((c) => c.podSandboxId === sandbox.id);
  const pass = new Pass(ctx, pod, st, sandbox, cfg, rt.containers);

  let initDone = true;
  for (const c of pod.spec?.initContainers ?? []) {
    const latest = instancesOf(current, c.name)[0];
    if (latest?.state === 'CONTAINER_EXITED' && latest.exitCode === 0) { st.waiting.delete(c.name); continue; }
    initDone = false;
    if (latest?.state === 'CONTAINER_RUNNING') break;
    if (latest?.state === 'CONTAINER_CREATED') { await pass.run(c, latest.id); break; }
    if (latest) {
      if (policy !== 'Never') await pass.restart(c, latest, true);
      break;
    }
    await pass.start(c, true);
    break;
  }
  if (initDone) {
    for (const c of pod.spec?.containers ?? []) {
      let latest = instancesOf(current, c.name)[0];
      if (latest?.state === 'CONTAINER_RUNNING') {
        const why = ctx.probes.failure(latest.id, c);
        if (!why) { st.waiting.delete(c.name); continue; }
        ctx.log.info({ pod: podRef(pod), container: c.name }, why);
        await stopContainer(ctx, pod, latest, gracePeriodSeconds(pod), pass.podIP, why);
        latest = await ctx.runtime.containerStatus(latest.id);
        if (latest.state === 'CONTAINER_RUNNING') { pass.want(1000); continue; }
        // A liveness kill restarts even under OnFailure / Never? Kubernetes restarts per policy.
      }
      if (latest?.state === 'CONTAINER_CREATED') { await pass.run(c, latest.id); continue; }
      if (latest) {
        if (shouldRestart(policy, latest.exitCode)) await pass.restart(c, latest, false);
        else st.waiting.delete(c.name);
        continue;
      }
      await pass.start(c, false);
    }
  }
  await startEphemeral(pass, current);
  rt = await observePod(ctx.runtime, uid);
  const running = new Set(rt.containers.filter((c) => c.state === 'CONTAINER_RUNNING').map((c) => c.id));
  for (const c of rt.containers) {
    const spec = (pod.spec?.containers ?? []).find((s) => s.name === c.metadata.name);
    if (spec && running.has(c.id)) ctx.probes.add({ podUid: uid, podIP: pass.podIP, containerId: c.id, container: spec, startedAt: c.startedAt });
  }
  ctx.probes.retain(uid, running);
  const tokenDue = ctx.tokens.nextRefresh(uid);
  if (tokenDue !== undefined) pass.want(Math.max(1000, tokenDue - ctx.now()));
  return { requeueAfterMs: pass.requeue, runtime: rt };
}
