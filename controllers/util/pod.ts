// Pod predicates several controllers share (k8s.io/kubernetes/pkg/api/v1/pod + controller_utils).
import type { V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';

export function podCondition(pod: V1Pod, type: string): V1PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: V1Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds at `now` (ms). */
export function isPodAvailable(pod: V1Pod, minReadySeconds: number, now: number): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = toMillis(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

export function isPodTerminal(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function isPodTerminating(pod: V1Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
}

/** Counts towards a ReplicaSet: not terminal and not being deleted (FilterActivePods). */
export function isPodActive(pod: V1Pod): boolean {
  return !isPodTerminal(pod) && !isPodTerminating(pod);
}

export function restartCount(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}
