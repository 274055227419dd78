// Pod status as the kubelet computes it (generateAPIPodStatus + getPhase), from the pod spec, what
// the runtime reports, the reasons the last sync left containers waiting, and probe results. Pure:
// no I/O, time passed in, so every transition is testable.
import type { V1Container, V1ContainerState, V1ContainerStatus, V1Pod, V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import { wholeSeconds } from '../api/index.js';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/index.js';
import { CONTAINER_NAME, RESTART_COUNT } from './labels.js';

export interface Waiting { reason: string; message?: string }

export interface ProbeState { ready: boolean; started: boolean }

export interface StatusInputs {
  pod: V1Pod;
  /** The pod's newest sandbox, if any. */
  sandbox?: PodSandboxStatus;
  /** Every runtime container of the pod (any sandbox). */
  containers: ContainerStatus[];
  /** Why the last sync left a container (by name) waiting. */
  waiting: ReadonlyMap<string, Waiting>;
  probe: (containerId: string) => ProbeState;
  hostIP: string;
  /** "runc" or "fake": the containerID scheme. */
  runtimeName: string;
  now: number;
  /** The status this kubelet last wrote (newer than pod.status until the informer catches up). */
  lastWritten?: V1PodStatus;
  /** The pod is being torn down (deleted or finished): phase becomes terminal once all stopped. */
  terminating?: boolean;
}

/** Newest first, by attempt then creation time. */
export function byNewest(a: ContainerStatus, b: ContainerStatus): number {
  return (b.metadata.attempt ?? 0) - (a.metadata.attempt ?? 0) || b.createdAt - a.createdAt;
}

/** The runtime instances of container `name`, newest first. */
export function instancesOf(containers: ContainerStatus[], name: string): ContainerStatus[] {
  return containers.filter((c) => (c.labels[CONTAINER_NAME] ?? c.metadata.name) === name).sort(byNewest);
}

export function restartCountOf(c: ContainerStatus | undefined): number {
  if (!c) return 0;
  const a = Number(c.annotations[RESTART_COUNT]);
  return Number.isFinite(a) ? a : (c.metadata.attempt ?? 0);
}

function terminated(c: ContainerStatus, runtimeName: string): V1ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt ? wholeSeconds(c.startedAt) : undefined,
      finishedAt: c.finishedAt ? wholeSeconds(c.finishedAt) : undefined,
      containerID: `${runtimeName}://${c.id}`,
    },
  };
}

function containerStatus(spec: V1Container, inp: StatusInputs, defaultWaiting: string): V1ContainerStatus {
  const [latest, previous] = instancesOf(inp.containers, spec.name);
  const waiting = inp.waiting.get(spec.name);
  const base = { name: spec.name, image: spec.image ?? '', imageID: latest?.imageRef ?? '', restartCount: restartCountOf(latest) };
  if (!latest) {
    return { ...base, ready: false, started: false, state: { waiting: { reason: waiting?.reason ?? defaultWaiting, ...(waiting?.message ? { message: waiting.message } : {}) } } };
  }
  const containerID = `${inp.runtimeName}://${latest.id}`;
  if (latest.state === 'CONTAINER_RUNNING') {
    const p = inp.probe(latest.id);
    return {
      ...base, containerID, ready: p.ready && p.started, started: p.started,
      state: { running: { startedAt: wholeSeconds(latest.startedAt) } },
      ...(previous ? { lastState: terminated(previous, inp.runtimeName) } : {}),
    };
  }
  if (latest.state === 'CONTAINER_EXITED' || latest.state === 'CONTAINER_UNKNOWN') {
    if (waiting) {
      // Waiting to be restarted (CrashLoopBackOff, ErrImagePull…): the exit becomes lastState.
      return { ...base, containerID, ready: false, started: false, state: { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } }, lastState: terminated(latest, inp.runtimeName) };
    }
    return { ...base, containerID, ready: false, started: false, state: terminated(latest, inp.runtimeName),
      ...(previous ? { lastState: terminated(previous, inp.runtimeName) } : {}) };
  }
  return { ...base, containerID, ready: false, started: false, state: { waiting: { reason: waiting?.reason ?? 'ContainerCreating' } },
    ...(previous ? { lastState: terminated(previous, inp.runtimeName) } : {}) };
}

/** Whether init containers have all completed successfully. */
export function initDone(pod: V1Pod, containers: ContainerStatus[]): boolean {
  return (pod.spec?.initContainers ?? []).every((c) => {
    const latest = instancesOf(containers, c.name)[0];
    return latest?.state === 'CONTAINER_EXITED' && latest.exitCode === 0;
  });
}

/** getPhase: from init container and container states and the restart policy. */
export function podPhase(pod: V1Pod, init: V1ContainerStatus[], main: V1ContainerStatus[], terminating: boolean): string {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of init) {
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t || (s.state?.waiting && s.lastState?.terminated && s.lastState.terminated.exitCode !== 0)) failedInit++;
    pendingInit++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const s of main) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.lastState?.terminated || terminating) stopped++; // restarting, or never to start
    else waiting++;
  }
  if (pendingInit > 0 && !terminating) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always' && !terminating) return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'OnFailure' && !terminating) return 'Running';
    return 'Failed';
  }
  return terminating ? 'Failed' : 'Pending';
}

function condition(type: string, ok: boolean, reason?: string, message?: string): V1PodCondition {
  return { type, status: ok ? 'True' : 'False', ...(ok || !reason ? {} : { reason }), ...(ok || !message ? {} : { message }) };
}

export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** The status the kubelet would write (times are whole seconds; lastTransitionTime kept while unchanged). */
export function computePodStatus(inp: StatusInputs): V1PodStatus {
  const pod = inp.pod;
  const api = pod.status ?? {};
  const prev = inp.lastWritten ?? api;
  const initSpecs = pod.spec?.initContainers ?? [];
  const done = initDone(pod, inp.containers);
  const init = initSpecs.map((c) => containerStatus(c, inp, 'PodInitializing'));
  for (const s of init) if (s.state?.terminated?.exitCode === 0) s.ready = true;
  const main = (pod.spec?.containers ?? []).map((c) => containerStatus(c, inp, done ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(pod, init, main, inp.terminating ?? false);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => containerStatus(c, inp, 'ContainerCreating'));

  const sandboxReady = inp.sandbox?.state === 'SANDBOX_READY';
  const podIP = pod.spec?.hostNetwork ? inp.hostIP : inp.sandbox?.network.ip;
  const unready = main.filter((s) => !s.ready).map((s) => s.name);
  const incomplete = init.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const notReadyReason = completed ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMsg = completed ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const ours: V1PodCondition[] = [
    condition('PodReadyToStartContainers', sandboxReady && (!!podIP || !!pod.spec?.hostNetwork)),
    condition('Initialized', done || completed, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
    condition('Ready', unready.length === 0 && !completed, notReadyReason, notReadyMsg),
    condition('ContainersReady', unready.length === 0 && !completed, notReadyReason, notReadyMsg),
  ];
  if (completed && done) ours[1] = { ...condition('Initialized', true), reason: 'PodCompleted' };
  const t = wholeSeconds(inp.now);
  const others = (api.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  // A pod bound by nodeName never saw the scheduler: the kubelet adds PodScheduled itself.
  if (!others.some((c) => c.type === 'PodScheduled')) {
    const mine = prev.conditions?.find((c) => c.type === 'PodScheduled');
    others.unshift({ type: 'PodScheduled', status: 'True', lastTransitionTime: mine?.lastTransitionTime ?? t });
  }
  const conditions = [
    ...others,
    ...ours.map((c) => {
      const old = prev.conditions?.find((o) => o.type === c.type);
      return { ...c, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : t };
    }),
  ];
  const ip = podIP ?? prev.podIP;
  return {
    phase,
    conditions,
    hostIP: inp.hostIP,
    hostIPs: [{ ip: inp.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: prev.startTime ?? t,
    ...(initSpecs.length ? { initContainerStatuses: init } : {}),
    containerStatuses: main,
    ...(ephemeral.length ? { ephemeralContainerStatuses: ephemeral } : {}),
    qosClass: api.qosClass ?? qosClass(pod),
  };
}

/** QoS class from requests/limits (Guaranteed, Burstable, BestEffort). */
export function qosClass(pod: V1Pod): string {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
