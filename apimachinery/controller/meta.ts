// Object-metadata helpers controllers share: controller ownerReferences, timestamps that may be a
// Date (typed lists) or a string (raw JSON), and deep copies of cached objects.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';

/** The ownerReference with controller: true, if any. */
export function getControllerOf(obj: KubernetesObject): V1OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: KubernetesObject, owner: KubernetesObject): boolean {
  const ref = getControllerOf(obj);
  return !!ref && !!owner.metadata?.uid && ref.uid === owner.metadata.uid;
}

/** A controller ownerReference to `owner` (controller: true, blockOwnerDeletion: true). */
export function controllerRef(owner: KubernetesObject, apiVersion: string, kind: string): V1OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Milliseconds since the epoch of a metav1.Time (Date or RFC 3339 string); undefined if unset. */
export function toMillis(t: Date | string | undefined | null): number | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A deep copy of a cached object, safe to mutate (Dates stay Dates). */
export function deepCopy<T>(obj: T): T {
  return structuredClone(obj);
}

export function isBeingDeleted(obj: KubernetesObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && obj.metadata?.deletionTimestamp !== null;
}
