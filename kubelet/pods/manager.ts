// PodManager: the kubelet's pod side for one node. It holds the pods bound to the node (fed by an
// informer), runs one worker per pod (sync → status), finishes graceful deletions, cleans up pods
// that are gone (also after a restart: orphans found in the runtime), and relists the runtime
// (PLEG) to notice containers that exited.
import type { V1Pod } from '@kubernetes/client-node';
import type { EventRecorder } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage, stopwatch } from '../host/index.js';
import { ProbeManager } from '../probes/index.js';
import { TokenManager, tearDownPodDir } from '../volumes/index.js';
import { Backoff, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS } from './backoff.js';
import { newPodState, type NodeContext, type PodRuntime, type PodState } from './context.js';
import { gracePeriodSeconds, killPod } from './kill.js';
import { CONTAINER_NAME, POD_UID, podRef } from './labels.js';
import { observePod, podsOnNode } from './observe.js';
import { EventReasons, noopRecorder, podEvent } from './events.js';
import { StartGate } from './gate.js';
import { computePodStatus } from './status.js';
import { StatusManager } from './statusmanager.js';
import { syncPod } from './sync.js';
import { PodWorkers, type WorkResult } from './workers.js';

export type PodManagerOptions = Omit<NodeContext, 'probes' | 'crashBackoff' | 'imageBackoff' | 'recorder' | 'tokens' | 'startGate'> & {
  /** Sandbox creations + container starts running at once (default 4; 0 = no limit). */
  maxParallelStarts?: number;
  /** Where pod events go (default: nowhere). */
  recorder?: EventRecorder;
  /** Runtime relist period (0 = never; hollow nodes rely on events and timers). */
  plegPeriodMs: number;
  /** Every pod is synced at least this often. */
  resyncMs?: number;
  housekeepingMs?: number;
  /** Called with the seconds from a pod's startTime to its first Running status. */
  onPodStarted?: (seconds: number) => void;
};

const TERMINAL = new Set(['Succeeded', 'Failed']);

export class PodManager {
  readonly ctx: NodeContext;
  readonly status: StatusManager;
  readonly workers: PodWorkers;
  private readonly pods = new Map<string, V1Pod>();
  private readonly states = new Map<string, PodState>();
  private readonly plegSeen = new Map<string, string>();
  private ready = false;
  private readonly log: Logger;

  constructor(private readonly o: PodManagerOptions) {
    this.log = o.log;
    const recorder = o.recorder ?? noopRecorder;
    const probes = new ProbeManager({ runtime: o.runtime, log: o.log, now: o.now, onChange: (uid) => this.workers.update(uid),
      onFailure: (s, kind, output) => {
        const pod = this.pods.get(s.podUid);
        const probe = kind === 'liveness' ? 'Liveness' : kind === 'readiness' ? 'Readiness' : 'Startup';
        if (pod) podEvent(recorder, pod, 'Warning', EventReasons.Unhealthy, `${probe} probe failed: ${output}`, s.container.name);
      } });
    this.ctx = {
      ...o,
      recorder,
      probes,
      tokens: new TokenManager((ns, sa, req) => o.api.createServiceAccountToken(ns, sa, req), o.now),
      startGate: new StartGate(o.maxParallelStarts ?? 8),
      crashBackoff: new Backoff({ initialMs: CRASHLOOP_INITIAL_MS, maxMs: CRASHLOOP_MAX_MS, now: o.now }),
      imageBackoff: new Backoff({ initialMs: CRASHLOOP_INITIAL_MS, maxMs: CRASHLOOP_MAX_MS, now: o.now }),
    };
    this.status = new StatusManager(o.api, o.log, o.onPodStarted, o.now);
    this.workers = new PodWorkers({ sync: (uid) => this.syncOne(uid), log: o.log, resyncMs: o.resyncMs ?? 60_000, now: o.now });
  }

  // ------------------------------------------------------------ pod source (informer handlers)
  upsert(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid || pod.spec?.nodeName !== this.o.nodeName) return;
    this.pods.set(uid, pod);
    this.workers.update(uid);
  }

  remove(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    this.pods.delete(uid);
    this.workers.update(uid);
  }

  /** The pod bound here with this namespace/name (for the kubelet server). */
  find(namespace: string, name: string): V1Pod | undefined {
    for (const p of this.pods.values()) if (p.metadata?.namespace === namespace && p.metadata?.name === name) return p;
    return undefined;
  }

  list(): V1Pod[] { return [...this.pods.values()]; }

  get podCount(): number { return this.pods.size; }

  /** Called once the pod informer has synced: from now on, runtime pods not in the store are orphans. */
  async markReady(): Promise<void> {
    this.ready = true;
    await this.housekeeping();
  }

  // ------------------------------------------------------------ one pod
  private state(uid: string): PodState {
    let st = this.states.get(uid);
    if (!st) { st = newPodState(); this.states.set(uid, st); }
    return st;
  }

  private computeStatus(pod: V1Pod, rt: PodRuntime, st: PodState, terminating: boolean) {
    const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    const status = computePodStatus({
      pod, sandbox: rt.sandboxes[0], containers: rt.containers, waiting: st.waiting, hostIP: this.o.hostIP,
      runtimeName: this.o.runtimeName, now: this.o.now(), terminating, lastWritten: this.status.lastWritten(pod.metadata?.uid ?? ''),
      probe: (id) => {
        const c = rt.containers.find((x) => x.id === id);
        const spec = specs.find((s) => s.name === (c?.labels[CONTAINER_NAME] ?? c?.metadata.name));
        return spec ? this.ctx.probes.state(id, spec) : { ready: false, started: false };
      },
    });
    const apiPhase = pod.status?.phase;
    if (apiPhase && TERMINAL.has(apiPhase)) status.phase = apiPhase; // never leave a terminal phase
    return status;
  }

  /** One sync of the pod, outside the workers (tests drive time themselves). */
  syncNow(uid: string): Promise<WorkResult> { return this.syncOne(uid); }

  private async syncOne(uid: string): Promise<WorkResult> {
    const pod = this.pods.get(uid);
    if (!pod) return this.cleanup(uid);
    const st = this.state(uid);
    if (pod.metadata?.deletionTimestamp) {
      if (st.terminated) return {};
      let rt = await observePod(this.ctx.runtime, uid);
      await killPod(this.ctx, pod, rt, gracePeriodSeconds(pod));
      this.ctx.probes.removePod(uid);
      rt = await observePod(this.ctx.runtime, uid);
      await this.status.set(pod, this.computeStatus(pod, rt, st, true));
      await this.o.api.deletePod(pod.metadata.namespace ?? '', pod.metadata.name ?? '', uid, 0);
      st.terminated = true;
      this.log.info({ pod: podRef(pod) }, 'pod terminated; deletion finished');
      return {};
    }
    const sw = stopwatch();
    const r = await syncPod(this.ctx, pod, st);
    sw.lap('sync');
    let rt = r.runtime;
    let status = this.computeStatus(pod, rt, st, false);
    if (!st.finished && TERMINAL.has(status.phase ?? '')) {
      st.finished = true;
      await killPod(this.ctx, pod, rt, gracePeriodSeconds(pod));
      this.ctx.probes.removePod(uid);
      rt = await observePod(this.ctx.runtime, uid);
      status = this.computeStatus(pod, rt, st, false);
      this.log.info({ pod: podRef(pod), phase: status.phase }, 'pod finished');
    }
    const wrote = await this.status.set(pod, status);
    sw.lap('status');
    if (wrote) this.log.debug({ pod: podRef(pod), phase: status.phase, ms: sw.laps }, 'pod synced; status written');
    return { requeueAfterMs: r.requeueAfterMs };
  }

  /** The pod is gone from the API: stop and remove everything it had here. */
  private async cleanup(uid: string): Promise<WorkResult> {
    const rt = await observePod(this.ctx.runtime, uid);
    if (rt.sandboxes.length || rt.containers.length) {
      await killPod(this.ctx, undefined, rt, Math.min(...rt.containers.map((c) => gracePeriodSeconds(undefined, c)), 30));
      for (const c of rt.containers) await this.ctx.runtime.removeContainer(c.id);
      for (const s of rt.sandboxes) await this.ctx.runtime.removePodSandbox(s.id);
      this.log.info({ pod: uid }, 'removed the containers of a pod that is gone');
    }
    if (this.o.materialize) await tearDownPodDir(`${this.o.podsDir}/${uid}`);
    this.ctx.probes.removePod(uid);
    this.ctx.tokens.forgetPod(uid);
    this.ctx.crashBackoff.resetPrefix(`${uid}/`);
    this.ctx.imageBackoff.resetPrefix(`${uid}/`);
    this.status.forget(uid);
    this.states.delete(uid);
    return { done: true };
  }

  // ------------------------------------------------------------ node-wide loops
  /** Wakes the workers of pods whose sandboxes/containers changed state since the last relist. */
  async relist(): Promise<void> {
    const [cs, sbs] = await Promise.all([this.ctx.runtime.listContainers(), this.ctx.runtime.listPodSandbox()]);
    const now = new Map<string, string>();
    const owner = new Map<string, string>();
    for (const c of cs) { now.set(c.id, c.state); owner.set(c.id, c.labels[POD_UID] ?? ''); }
    for (const s of sbs) { now.set(s.id, s.state); owner.set(s.id, s.labels[POD_UID] ?? ''); }
    const changed = new Set<string>();
    for (const [id, state] of now) if (this.plegSeen.get(id) !== state) changed.add(owner.get(id)!);
    for (const id of this.plegSeen.keys()) if (!now.has(id)) changed.add('');
    this.plegSeen.clear();
    for (const [id, s] of now) this.plegSeen.set(id, s);
    for (const uid of changed) if (uid && this.pods.has(uid)) this.workers.update(uid);
  }

  /** Syncs pods that have runtime objects here but are no longer bound to this node. */
  async housekeeping(): Promise<void> {
    if (!this.ready) return;
    for (const uid of await podsOnNode(this.ctx.runtime)) {
      if (!this.pods.has(uid) && !this.workers.has(uid)) this.workers.update(uid);
    }
  }

  /** Runs PLEG and housekeeping until `signal` aborts, then stops workers and probes. */
  async run(signal: AbortSignal): Promise<void> {
    const timers: ReturnType<typeof setInterval>[] = [];
    const guard = (what: string, f: () => Promise<void>): (() => void) => {
      let busy = false;
      return () => {
        if (busy) return;
        busy = true;
        f().catch((err: unknown) => this.log.warn({ err: errorMessage(err) }, `${what} failed`)).finally(() => { busy = false; });
      };
    };
    if (this.o.plegPeriodMs > 0) timers.push(setInterval(guard('relist', () => this.relist()), this.o.plegPeriodMs));
    timers.push(setInterval(guard('housekeeping', () => this.housekeeping()), this.o.housekeepingMs ?? 30_000));
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    for (const t of timers) clearInterval(t);
    await this.workers.stop();
    this.ctx.probes.stopAll();
  }
}
