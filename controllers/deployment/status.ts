// Deployment status and conditions (deploymentutil + progress.go): replica counts summed over the
// ReplicaSets, Available (MinimumReplicasAvailable / MinimumReplicasUnavailable) and Progressing
// (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
// ProgressDeadlineExceeded, DeploymentPaused, DeploymentResumed, ReplicaSetCreateError).
import type { V1Deployment, V1DeploymentCondition, V1DeploymentStatus, V1ReplicaSet } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from './replicasets.js';
import { hasProgressDeadline, maxUnavailable, replicasOf } from './strategy.js';

export const Reasons = {
  NewRSCreated: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  RSUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  FailedRSCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function newCondition(type: string, status: string, reason: string, message: string, now: number): V1DeploymentCondition {
  const t = new Date(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

export function getCondition(status: V1DeploymentStatus | undefined, type: string): V1DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op when status and reason match; keeps lastTransitionTime when status does. */
export function setCondition(status: V1DeploymentStatus, c: V1DeploymentCondition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(status: V1DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((x) => x.type !== type);
  status.conditions = rest.length ? rest : undefined;
}

export function calculateStatus(allRSs: V1ReplicaSet[], newRS: V1ReplicaSet | undefined, d: V1Deployment, now: number): V1DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: V1DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** All replicas updated and available, and the latest spec observed. */
export function deploymentComplete(d: V1Deployment, s: V1DeploymentStatus): boolean {
  const want = replicasOf(d);
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** Progress since the last recorded status: more updated/ready/available, or fewer old replicas. */
export function deploymentProgressing(d: V1Deployment, s: V1DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function deploymentTimedOut(d: V1Deployment, s: V1DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === Reasons.NewRSAvailable) return false;
  if (c.reason === Reasons.TimedOut) return true;
  const from = toMillis(c.lastUpdateTime);
  return from !== undefined && from + (d.spec!.progressDeadlineSeconds ?? 0) * 1000 < now;
}

const rsName = (rs: V1ReplicaSet | undefined): string => rs?.metadata?.name ?? '';

/**
 * syncRolloutStatus's status computation: calculateStatus plus the Progressing condition and any
 * ReplicaFailure surfaced from the ReplicaSets.
 */
export function rolloutStatus(allRSs: V1ReplicaSet[], newRS: V1ReplicaSet | undefined, d: V1Deployment, now: number): V1DeploymentStatus {
  const s = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, s)) {
      const msg = newRS ? `ReplicaSet "${rsName(newRS)}" has successfully progressed.` : 'Deployment has successfully progressed.';
      setCondition(s, newCondition('Progressing', 'True', Reasons.NewRSAvailable, msg, now));
    } else if (deploymentProgressing(d, s)) {
      const msg = newRS ? `ReplicaSet "${rsName(newRS)}" is progressing.` : 'Deployment is progressing.';
      const c = newCondition('Progressing', 'True', Reasons.RSUpdated, msg, now);
      if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
      removeCondition(s, 'Progressing');
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      const msg = newRS ? `ReplicaSet "${rsName(newRS)}" has timed out progressing.` : 'Deployment has timed out progressing.';
      setCondition(s, newCondition('Progressing', 'False', Reasons.TimedOut, msg, now));
    }
  }
  const failure = allRSs.flatMap((rs) => rs.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) {
    setCondition(s, { type: 'ReplicaFailure', status: failure.status, reason: failure.reason, message: failure.message, lastTransitionTime: failure.lastTransitionTime, lastUpdateTime: failure.lastTransitionTime });
  } else {
    removeCondition(s, 'ReplicaFailure');
  }
  return s;
}

/** When to look again so a stuck rollout gets its ProgressDeadlineExceeded (ms), or undefined. */
export function progressRecheckAfter(d: V1Deployment, s: V1DeploymentStatus, now: number): number | undefined {
  const c = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === Reasons.TimedOut) return undefined;
  const from = toMillis(c.lastUpdateTime) ?? now;
  const after = from + (d.spec!.progressDeadlineSeconds ?? 0) * 1000 - now;
  return after < 1000 ? 1000 : after + 1000;
}

/** Status equality as the controller needs it (ignores condition timestamps' representation). */
export function statusEqual(a: V1DeploymentStatus | undefined, b: V1DeploymentStatus): boolean {
  const norm = (s: V1DeploymentStatus | undefined): string =>
    JSON.stringify({
      g: s?.observedGeneration,
      r: s?.replicas ?? 0,
      u: s?.updatedReplicas ?? 0,
      rd: s?.readyReplicas ?? 0,
      a: s?.availableReplicas ?? 0,
      un: s?.unavailableReplicas ?? 0,
      cc: s?.collisionCount,
      c: (s?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message, toMillis(c.lastUpdateTime), toMillis(c.lastTransitionTime)]),
    });
  return norm(a) === norm(b);
}
