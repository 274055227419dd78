// What each node's pods reference (Kubernetes' node authorizer graph, flattened): pods bound to a
// node, and for each pod the Secrets, ConfigMaps, PersistentVolumeClaims and ServiceAccount it
// uses through volumes (incl. projected), env, envFrom, imagePullSecrets and serviceAccountName.
import { isObj, type Obj } from '../../../apimachinery/objects.js';

export interface PodRefs {
  node: string;
  namespace: string;
  secrets: Set<string>;
  configmaps: Set<string>;
  persistentvolumeclaims: Set<string>;
  serviceaccounts: Set<string>;
}

export type RefKind = 'secrets' | 'configmaps' | 'persistentvolumeclaims' | 'serviceaccounts';

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const sub = (o: Obj, k: string): Obj => (isObj(o[k]) ? (o[k] as Obj) : {});

/** References of one pod (node '' when unbound). */
export function podRefs(pod: Obj): PodRefs {
  const spec = sub(pod, 'spec');
  const m = sub(pod, 'metadata');
  const r: PodRefs = {
    node: str(spec.nodeName) ?? '',
    namespace: str(m.namespace) ?? '',
    secrets: new Set(),
    configmaps: new Set(),
    persistentvolumeclaims: new Set(),
    serviceaccounts: new Set([str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default']),
  };
  const add = (set: Set<string>, v: unknown): void => {
    const s = str(v);
    if (s) set.add(s);
  };
  for (const s of list(spec.imagePullSecrets)) add(r.secrets, s.name);
  for (const v of list(spec.volumes)) {
    add(r.secrets, sub(v, 'secret').secretName);
    add(r.configmaps, sub(v, 'configMap').name);
    add(r.persistentvolumeclaims, sub(v, 'persistentVolumeClaim').claimName);
    for (const src of list(sub(v, 'projected').sources)) {
      add(r.secrets, sub(src, 'secret').name);
      add(r.configmaps, sub(src, 'configMap').name);
    }
  }
  for (const c of [...list(spec.containers), ...list(spec.initContainers), ...list(spec.ephemeralContainers)]) {
    for (const e of list(c.env)) {
      const from = sub(e, 'valueFrom');
      add(r.secrets, sub(from, 'secretKeyRef').name);
      add(r.configmaps, sub(from, 'configMapKeyRef').name);
    }
    for (const e of list(c.envFrom)) {
      add(r.secrets, sub(e, 'secretRef').name);
      add(r.configmaps, sub(e, 'configMapRef').name);
    }
  }
  return r;
}

/** Pods by node, kept in step with pod upserts/removals. */
export class NodeGraph {
  private readonly pods = new Map<string, PodRefs>();
  private readonly byNode = new Map<string, Set<string>>();

  /** `key` is any unique pod id, e.g. its storage key. */
  upsert(key: string, pod: Obj): void {
    this.remove(key);
    const refs = podRefs(pod);
    if (!refs.node) return;
    this.pods.set(key, refs);
    let set = this.byNode.get(refs.node);
    if (!set) this.byNode.set(refs.node, (set = new Set()));
    set.add(key);
  }

  remove(key: string): void {
    const old = this.pods.get(key);
    if (!old) return;
    this.pods.delete(key);
    const set = this.byNode.get(old.node);
    set?.delete(key);
    if (set && set.size === 0) this.byNode.delete(old.node);
  }

  /** The node a pod is bound to ('' when unknown or unbound). */
  nodeOf(key: string): string {
    return this.pods.get(key)?.node ?? '';
  }

  /** Whether some pod on `node` in `namespace` references `kind/name`. */
  references(node: string, kind: RefKind, namespace: string, name: string): boolean {
    for (const key of this.byNode.get(node) ?? []) {
      const p = this.pods.get(key)!;
      if (p.namespace === namespace && p[kind].has(name)) return true;
    }
    return false;
  }
}
