// Pod creation for a ReplicaSet: a pod from the template (generateName `<rs>-`, controller
// ownerReference) and the slow-start batching Kubernetes uses (1, 2, 4, … stopping at the first
// failing batch, so a broken template costs one failed call, not hundreds).
import type { V1Pod, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { controllerRef, deepCopy } from '../../apimachinery/controller/index.js';

export function newPod(rs: V1ReplicaSet, template: V1PodTemplateSpec | undefined): V1Pod {
  const t = template ?? {};
  const tm = t.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata?.name}-`,
      namespace: rs.metadata?.namespace,
      labels: { ...(tm.labels ?? {}) },
      annotations: tm.annotations ? { ...tm.annotations } : undefined,
      finalizers: tm.finalizers ? [...tm.finalizers] : undefined,
      ownerReferences: [controllerRef(rs, 'apps/v1', 'ReplicaSet')],
    },
    spec: deepCopy(t.spec ?? { containers: [] }),
  };
}

export interface BatchResult {
  /** Calls made (including failures). */
  attempted: number;
  succeeded: number;
}

/**
 * Calls `fn` `count` times in batches of initial, 2×, 4×, … running each batch in parallel; stops
 * after a batch with any failure.
 */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<BatchResult> {
  let remaining = count;
  let attempted = 0;
  let succeeded = 0;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    attempted += size;
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    succeeded += ok;
    if (ok < size) break;
    remaining -= size;
  }
  return { attempted, succeeded };
}
