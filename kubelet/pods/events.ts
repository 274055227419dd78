// Pod and container events as the kubelet records them (reasons and messages as in Kubernetes'
// pkg/kubelet/events): the involved object is the Pod, with fieldPath spec.containers{name} for
// container events, so `kubectl describe pod` lists them under Events.
import type { V1ObjectReference, V1Pod } from '@kubernetes/client-node';
import type { EventRecorder, EventType } from '../../apimachinery/controller/index.js';
import { formatDuration } from '../../apimachinery/duration.js';

export const noopRecorder: EventRecorder = { event: () => undefined };

/** The reference of a pod, or of one of its containers (fieldPath spec.containers{name}). */
export function podObjectRef(pod: V1Pod, container?: string): V1ObjectReference {
  const m = pod.metadata ?? {};
  const init = container !== undefined && (pod.spec?.initContainers ?? []).some((c) => c.name === container)
    && !(pod.spec?.containers ?? []).some((c) => c.name === container);
  return {
    apiVersion: 'v1', kind: 'Pod', name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion,
    ...(container !== undefined ? { fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${container}}` } : {}),
  };
}

/** Records one event about `pod` (or its container) on `recorder`. */
export function podEvent(recorder: EventRecorder, pod: V1Pod, type: EventType, reason: string, message: string, container?: string): void {
  recorder.event(podObjectRef(pod, container), type, reason, message);
}

/** A duration as the kubelet's events print it: Go's Duration.String() rounded to milliseconds ("1.234s", "850ms"). */
export function goDuration(ms: number): string {
  return formatDuration(Math.round(ms));
}

export const EventReasons = {
  Pulling: 'Pulling', Pulled: 'Pulled', Failed: 'Failed', BackOff: 'BackOff', ErrImageNeverPull: 'ErrImageNeverPull',
  Created: 'Created', Started: 'Started', Killing: 'Killing', Unhealthy: 'Unhealthy', FailedMount: 'FailedMount',
  FailedPostStartHook: 'FailedPostStartHook', FailedPreStopHook: 'FailedPreStopHook', FailedCreatePodSandBox: 'FailedCreatePodSandBox',
  ProbeWarning: 'ProbeWarning',
} as const;
