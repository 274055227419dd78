// Object keys as client-go spells them: `namespace/name` for namespaced objects, `name` otherwise.
import type { KubernetesObject } from '@kubernetes/client-node';

/** The key a reconciler receives. */
export interface ObjectKey {
  namespace?: string;
  name: string;
}

export function keyString(k: ObjectKey): string {
  return k.namespace ? `${k.namespace}/${k.name}` : k.name;
}

/** Splits `ns/name` (or `name`) back into its parts. */
export function parseKey(key: string): ObjectKey {
  const i = key.indexOf('/');
  if (i < 0) return { name: key };
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The store key of an object (MetaNamespaceKeyFunc). */
export function keyOf(obj: KubernetesObject): string {
  const m = obj.metadata ?? {};
  return keyString({ namespace: m.namespace || undefined, name: m.name ?? '' });
}
