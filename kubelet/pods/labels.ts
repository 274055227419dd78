// Labels and annotations the kubelet puts on runtime sandboxes and containers (the names the real
// kubelet uses), so a restarted kubelet can tell which pod and container each one belongs to.
import type { V1Pod } from '@kubernetes/client-node';

export const POD_NAME = 'io.kubernetes.pod.name';
export const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const POD_UID = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME = 'io.kubernetes.container.name';
export const RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const CONTAINER_HASH = 'io.kubernetes.container.hash';
export const TERMINATION_GRACE = 'io.kubernetes.pod.terminationGracePeriod';
export const INIT_CONTAINER = 'io.k8ts.container.init';

export function podLabels(pod: V1Pod): Record<string, string> {
  return {
    [POD_NAME]: pod.metadata?.name ?? '',
    [POD_NAMESPACE]: pod.metadata?.namespace ?? '',
    [POD_UID]: pod.metadata?.uid ?? '',
  };
}

export function podRef(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function podUid(pod: V1Pod): string {
  return pod.metadata?.uid ?? '';
}

/** Kubernetes' backoff key and messages name pods as name_namespace(uid). */
export function podFullName(pod: V1Pod): string {
  return `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${podUid(pod)})`;
}

/** A small stable hash (FNV-1a) of a container spec, stored so spec changes can be noticed. */
export function hashOf(value: unknown): string {
  let h = 0x811c9dc5;
  const s = JSON.stringify(value);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
