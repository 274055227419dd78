// The ownership graph, read straight from the shared informers: every watched object indexed by its
// uid and by the uids of its owners, so the collector can find an object's dependents and check
// its owners. Keys name an object across resources: `<ns>/<resource>:<name>` (or `<resource>:<name>`).
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import { keyString, parseKey, type Informer } from '../../apimachinery/controller/index.js';
import type { InformerFactory } from '../runtime/index.js';
import { resourceForKind, resourceInfo, type ResourceInfo, type ResourceName } from '../runtime/index.js';

/** Resources whose objects take part in garbage collection. */
export const GCResources: ResourceName[] = [
  'pods',
  'replicasets',
  'deployments',
  'services',
  'endpoints',
  'endpointslices',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'leases',
  'nodes',
];

const UidIndex = 'gc-uid';
const OwnerIndex = 'gc-owner-uid';

export interface Ref {
  resource: ResourceName;
  namespace?: string;
  name: string;
}

export function refKey(r: Ref): string {
  return keyString({ namespace: r.namespace, name: `${r.resource}:${r.name}` });
}

export function parseRefKey(key: string): Ref | undefined {
  const k = parseKey(key);
  const i = k.name.indexOf(':');
  if (i < 0) return undefined;
  const resource = k.name.slice(0, i) as ResourceName;
  if (!(resource in resourceInfo)) return undefined;
  return { resource, namespace: k.namespace, name: k.name.slice(i + 1) };
}

export interface Node {
  ref: Ref;
  obj: KubernetesObject;
}

export class Graph {
  readonly informers = new Map<ResourceName, Informer<KubernetesObject>>();

  constructor(factory: InformerFactory, resources: ResourceName[] = GCResources) {
    for (const r of resources) {
      const inf = factory.informer(r) as unknown as Informer<KubernetesObject>;
      if (!inf.store.hasIndex(UidIndex)) inf.store.addIndex(UidIndex, (o) => (o.metadata?.uid ? [o.metadata.uid] : []));
      if (!inf.store.hasIndex(OwnerIndex)) inf.store.addIndex(OwnerIndex, (o) => (o.metadata?.ownerReferences ?? []).map((r) => r.uid));
      this.informers.set(r, inf);
    }
  }

  refOf(resource: ResourceName, obj: KubernetesObject): Ref {
    return { resource, namespace: obj.metadata?.namespace || undefined, name: obj.metadata?.name ?? '' };
  }

  get(ref: Ref): KubernetesObject | undefined {
    return this.informers.get(ref.resource)?.store.getByName(ref.namespace, ref.name);
  }

  byUid(uid: string): Node | undefined {
    for (const [resource, inf] of this.informers) {
      const [obj] = inf.store.byIndex(UidIndex, uid);
      if (obj) return { ref: this.refOf(resource, obj), obj };
    }
    return undefined;
  }

  /** Objects that list `uid` among their owners. */
  dependents(uid: string): Node[] {
    const out: Node[] = [];
    for (const [resource, inf] of this.informers) {
      for (const obj of inf.store.byIndex(OwnerIndex, uid)) out.push({ ref: this.refOf(resource, obj), obj });
    }
    return out;
  }

  /** The resource an ownerReference points at, if it is one we know. */
  ownerResource(owner: V1OwnerReference): ResourceInfo | undefined {
    return resourceForKind(owner.apiVersion, owner.kind);
  }
}
