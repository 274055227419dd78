// ReplicaSet status from its claimed, active pods (calculateStatus) and whether it changed.
import type { V1Pod, V1ReplicaSet, V1ReplicaSetCondition, V1ReplicaSetStatus } from '@kubernetes/client-node';
import { errorMessage } from '../../apimachinery/controller/index.js';
import { getCondition, isPodAvailable, isPodReady, removeCondition } from '../util/index.js';

export function calculateStatus(rs: V1ReplicaSet, pods: V1Pod[], manageErr: unknown, now: number): V1ReplicaSetStatus {
  const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (templateLabels.every(([k, v]) => p.metadata?.labels?.[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions: V1ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = getCondition(conditions, 'ReplicaFailure');
  if (manageErr !== undefined && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
      message: errorMessage(manageErr),
      lastTransitionTime: new Date(now),
    });
  } else if (manageErr === undefined && failure) {
    conditions = removeCondition(conditions, 'ReplicaFailure');
  }
  const status: V1ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata?.generation,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}

export function statusEqual(a: V1ReplicaSetStatus | undefined, b: V1ReplicaSetStatus): boolean {
  const n = (v: number | undefined): number => v ?? 0;
  return (
    n(a?.replicas) === n(b.replicas) &&
    n(a?.fullyLabeledReplicas) === n(b.fullyLabeledReplicas) &&
    n(a?.readyReplicas) === n(b.readyReplicas) &&
    n(a?.availableReplicas) === n(b.availableReplicas) &&
    a?.observedGeneration === b.observedGeneration &&
    JSON.stringify((a?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message])) ===
      JSON.stringify((b.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]))
  );
}
