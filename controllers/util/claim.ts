// ControllerRefManager: decides which objects an owner controls. Objects it controls that no longer
// match its selector are released (ownerReference removed); orphans that match are adopted (a
// controller ownerReference added), after a live re-check that the owner still exists and is not
// being deleted. Objects controlled by someone else are left alone.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import { controllerRef, getControllerOf, isBeingDeleted, isNotFound } from '../../apimachinery/controller/index.js';
import type { ResourceClient } from '../runtime/clients.js';

export interface ClaimOptions<T extends KubernetesObject> {
  owner: KubernetesObject;
  ownerApiVersion: string;
  ownerKind: string;
  matches: (obj: T) => boolean;
  client: ResourceClient<T>;
  /** Live check run once before the first adoption: is the owner still there, same uid, not deleting? */
  canAdopt: () => Promise<boolean>;
}

/** The objects `owner` controls after adoption / release, in their latest known versions. */
/** The usual canAdopt (Kubernetes' RecheckDeletionTimestamp): read live, the owner keeps its uid and is not being deleted. */
export function recheckOwner<O extends KubernetesObject>(client: ResourceClient<O>, owner: O): () => Promise<boolean> {
  return async () => {
    const fresh = await client.get(owner.metadata?.namespace, owner.metadata?.name ?? '');
    return fresh.metadata?.uid === owner.metadata?.uid && !fresh.metadata?.deletionTimestamp;
  };
}

export async function claimObjects<T extends KubernetesObject>(objs: T[], o: ClaimOptions<T>): Promise<T[]> {
  const claimed: T[] = [];
  const ownerUid = o.owner.metadata?.uid;
  let adoptable: boolean | undefined;
  const errors: unknown[] = [];
  for (const obj of objs) {
    const ref = getControllerOf(obj);
    const ns = obj.metadata?.namespace;
    const name = obj.metadata?.name ?? '';
    try {
      if (ref) {
        if (ref.uid !== ownerUid) continue; // someone else's
        if (o.matches(obj)) {
          claimed.push(obj);
          continue;
        }
        if (isBeingDeleted(o.owner)) continue; // don't release while the owner is going away
        const remaining = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
        await o.client.patch(ns, name, { metadata: { ownerReferences: remaining.length ? remaining : null, uid: obj.metadata?.uid } });
        continue;
      }
      if (isBeingDeleted(o.owner) || isBeingDeleted(obj) || !o.matches(obj)) continue;
      adoptable ??= await o.canAdopt();
      if (!adoptable) continue;
      const refs: V1OwnerReference[] = [...(obj.metadata?.ownerReferences ?? []), controllerRef(o.owner, o.ownerApiVersion, o.ownerKind)];
      const adopted = await o.client.patch(ns, name, {
        metadata: { ownerReferences: refs, uid: obj.metadata?.uid, resourceVersion: obj.metadata?.resourceVersion },
      });
      claimed.push(adopted);
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return claimed;
}
