// What the scheduler writes on a pod after a failed attempt: the PodScheduled=False condition and
// status.nominatedNodeName (as a merge patch of pods/status), computed only when something changed.
import type { V1Pod, V1PodCondition } from '@kubernetes/client-node';

export interface FailureCondition {
  reason: 'Unschedulable' | 'SchedulerError';
  message: string;
}

export interface PodStatusPatch {
  status: {
    conditions: V1PodCondition[];
    nominatedNodeName?: string | null;
  };
}

/** Writes the scheduler performs on pods (implemented over client-node; faked in tests). */
export interface PodWriter {
  patchStatus(pod: V1Pod, patch: PodStatusPatch, signal: AbortSignal): Promise<void>;
  setAnnotation(pod: V1Pod, key: string, value: string, signal: AbortSignal): Promise<void>;
}

/**
 * The patch for a failed attempt, or undefined when the pod already says so.
 * `nominated`: undefined leaves nominatedNodeName alone, "" clears it, a name sets it.
 */
export function failureStatusPatch(pod: V1Pod, cond: FailureCondition, nominated: string | undefined, now: Date): PodStatusPatch | undefined {
  const conds = (pod.status?.conditions ?? []) as V1PodCondition[];
  const old = conds.find((c) => c.type === 'PodScheduled');
  const nnChange = nominated !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominated;
  const condSame = old && old.status === 'False' && old.reason === cond.reason && old.message === cond.message;
  if (condSame && !nnChange) return undefined;
  const transition = old && old.status === 'False' ? old.lastTransitionTime : undefined;
  const next = {
    type: 'PodScheduled',
    status: 'False',
    reason: cond.reason,
    message: cond.message,
    lastProbeTime: null,
    lastTransitionTime: transition ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  } as unknown as V1PodCondition;
  const patch: PodStatusPatch = { status: { conditions: [...conds.filter((c) => c.type !== 'PodScheduled'), next] } };
  if (nnChange) patch.status.nominatedNodeName = nominated === '' ? null : nominated;
  return patch;
}
