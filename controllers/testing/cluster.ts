// An in-memory API for controller tests: every resource's ResourceClient plus FakeInformers fed by
// its writes, with the API semantics controllers depend on (generateName, uid, resourceVersion
// preconditions, generation bumps on spec changes, status subresources, finalizers and
// deletionTimestamp, propagationPolicy finalizers, namespaces/finalize). Watch delivery can be held
// back (`hold()` / `flush()`) to test stale caches.
import { randomUUID } from 'node:crypto';
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { ApiError } from '../../apimachinery/errors.js';
import { FakeInformer, keyString, realClock, type Clock, type DeliveryType } from '../../apimachinery/controller/index.js';
import type { Clients, DeleteOptions, InformerFactory, NamespaceClient, ResourceClient } from '../runtime/clients.js';
import { resourceInfo, resourceNames, type ResourceName, type ResourceTypes } from '../runtime/resources.js';

type Obj = KubernetesObject & { spec?: unknown; status?: unknown };

const withStatus = new Set<ResourceName>(['pods', 'services', 'replicasets', 'deployments', 'nodes', 'namespaces']);
const withGeneration = new Set<ResourceName>(['replicasets', 'deployments']);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const sameJSON = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface FakeClusterOptions {
  clock?: Clock;
}

export class FakeCluster implements InformerFactory {
  readonly clients: Clients;
  /** `verb resource key` for every successful write, in order. */
  readonly actions: string[] = [];
  private readonly objects = new Map<ResourceName, Map<string, Obj>>();
  private readonly informers = new Map<ResourceName, FakeInformer<KubernetesObject>>();
  private readonly held: Array<() => void> = [];
  private holding = false;
  private rv = 0;
  private readonly failures: Array<{ verb: string; resource: ResourceName; err: Error }> = [];
  readonly clock: Clock;

  constructor(opts: FakeClusterOptions = {}) {
    this.clock = opts.clock ?? realClock;
    const entries = resourceNames.map((r) => [r, this.client(r)] as const);
    const clients = Object.fromEntries(entries) as Record<ResourceName, ResourceClient<KubernetesObject>>;
    const ns = clients.namespaces as ResourceClient<V1Namespace>;
    const nsClient: NamespaceClient = { ...ns, finalize: (o) => this.finalizeNamespace(o) };
    this.clients = { ...clients, namespaces: nsClient } as unknown as Clients;
  }

  informer<K extends ResourceName>(resource: K): FakeInformer<ResourceTypes[K]> {
    let inf = this.informers.get(resource);
    if (!inf) {
      inf = new FakeInformer<KubernetesObject>(this.list(resource));
      this.informers.set(resource, inf);
    }
    return inf as unknown as FakeInformer<ResourceTypes[K]>;
  }

  start(): void {}

  /** Stops delivering watch events until flush(). */
  hold(): void {
    this.holding = true;
  }

  /** Delivers held events and resumes immediate delivery. */
  flush(): void {
    this.holding = false;
    for (const d of this.held.splice(0)) d();
  }

  /** The next `verb` (create/update/updateStatus/patch/delete) on `resource` fails with `err`. */
  failNext(verb: string, resource: ResourceName, err: Error): void {
    this.failures.push({ verb, resource, err });
  }

  /** Stores an object directly (test set-up), defaulting metadata like a create. */
  seed<K extends ResourceName>(resource: K, obj: ResourceTypes[K]): ResourceTypes[K] {
    return this.doCreate(resource, obj as Obj) as ResourceTypes[K];
  }

  get<K extends ResourceName>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] | undefined {
    const o = this.objects.get(resource)?.get(keyString({ namespace, name }));
    return o ? (structuredClone(o) as ResourceTypes[K]) : undefined;
  }

  list<K extends ResourceName>(resource: K, namespace?: string): ResourceTypes[K][] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return all.filter((o) => namespace === undefined || o.metadata?.namespace === namespace).map((o) => structuredClone(o) as ResourceTypes[K]);
  }

  private store(r: ResourceName): Map<string, Obj> {
    let m = this.objects.get(r);
    if (!m) this.objects.set(r, (m = new Map()));
    return m;
  }

  private emit(r: ResourceName, type: DeliveryType, obj: Obj): void {
    const copy = structuredClone(obj);
    const d = (): void => this.informers.get(r)?.deliver(type, copy);
    if (this.holding) this.held.push(d);
    else d();
  }

  private checkFailure(verb: string, r: ResourceName): void {
    const i = this.failures.findIndex((f) => f.verb === verb && f.resource === r);
    if (i >= 0) throw this.failures.splice(i, 1)[0]!.err;
  }

  private mustGet(r: ResourceName, ns: string | undefined, name: string): Obj {
    const o = this.store(r).get(keyString({ namespace: resourceInfo[r].namespaced ? ns : undefined, name }));
    if (!o) throw new ApiError('NotFound', `${r} "${name}" not found`, { name, kind: r });
    return o;
  }

  private doCreate(r: ResourceName, input: Obj): Obj {
    const o = structuredClone(input);
    const m = (o.metadata ??= {});
    if (!m.name && m.generateName) m.name = m.generateName + Math.random().toString(36).slice(2, 7);
    if (!m.name) throw new ApiError('Invalid', 'name or generateName is required');
    if (!resourceInfo[r].namespaced) delete m.namespace;
    const key = keyString({ namespace: m.namespace, name: m.name });
    if (this.store(r).has(key)) throw new ApiError('AlreadyExists', `${r} "${m.name}" already exists`, { name: m.name, kind: r });
    m.uid = randomUUID();
    m.resourceVersion = String(++this.rv);
    m.creationTimestamp = new Date(this.clock.now());
    delete m.deletionTimestamp;
    if (withGeneration.has(r)) m.generation = 1;
    if (r === 'namespaces') {
      const ns = o as V1Namespace;
      ns.spec = { finalizers: ['kubernetes'], ...ns.spec };
      ns.status = { phase: 'Active' };
    }
    this.store(r).set(key, o);
    this.emit(r, 'add', o);
    return o;
  }

  /** Writes `next` over `cur` honouring finalizer-driven removal. */
  private commit(r: ResourceName, cur: Obj, next: Obj): Obj {
    const m = next.metadata!;
    m.uid = cur.metadata?.uid;
    m.creationTimestamp = cur.metadata?.creationTimestamp;
    m.deletionTimestamp = cur.metadata?.deletionTimestamp ?? m.deletionTimestamp;
    if (withGeneration.has(r)) m.generation = (cur.metadata?.generation ?? 1) + (sameJSON(cur.spec, next.spec) ? 0 : 1);
    m.resourceVersion = String(++this.rv);
    const key = keyString({ namespace: m.namespace, name: m.name ?? '' });
    if (m.deletionTimestamp && !(m.finalizers?.length) && !this.namespaceFinalizers(r, next)) {
      this.store(r).delete(key);
      this.emit(r, 'delete', next);
      return next;
    }
    this.store(r).set(key, next);
    this.emit(r, 'update', next);
    return next;
  }

  private namespaceFinalizers(r: ResourceName, o: Obj): boolean {
    return r === 'namespaces' && ((o as V1Namespace).spec?.finalizers?.length ?? 0) > 0;
  }

  private precondition(r: ResourceName, cur: Obj, rv: string | undefined): void {
    if (rv && rv !== cur.metadata?.resourceVersion) {
      throw new ApiError('Conflict', `Operation cannot be fulfilled on ${r} "${cur.metadata?.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
  }

  private client(r: ResourceName): ResourceClient<KubernetesObject> {
    const record = (verb: string, o: Obj): void => {
      this.actions.push(`${verb} ${r} ${keyString({ namespace: o.metadata?.namespace, name: o.metadata?.name ?? '' })}`);
    };
    return {
      get: async (ns, name) => structuredClone(this.mustGet(r, ns, name)),
      list: async (ns) => this.list(r, resourceInfo[r].namespaced ? ns : undefined),
      create: async (o) => {
        this.checkFailure('create', r);
        const out = this.doCreate(r, o as Obj);
        record('create', out);
        return structuredClone(out);
      },
      update: async (o) => {
        this.checkFailure('update', r);
        const cur = this.mustGet(r, o.metadata?.namespace, o.metadata?.name ?? '');
        this.precondition(r, cur, o.metadata?.resourceVersion);
        const next = structuredClone(o) as Obj;
        if (withStatus.has(r)) next.status = structuredClone(cur.status);
        if (r === 'namespaces') (next as V1Namespace).spec = structuredClone((cur as V1Namespace).spec);
        const out = this.commit(r, cur, next);
        record('update', out);
        return structuredClone(out);
      },
      updateStatus: async (o) => {
        this.checkFailure('updateStatus', r);
        const cur = this.mustGet(r, o.metadata?.namespace, o.metadata?.name ?? '');
        this.precondition(r, cur, o.metadata?.resourceVersion);
        const next = structuredClone(cur);
        next.status = structuredClone((o as Obj).status);
        if (withGeneration.has(r)) next.spec = cur.spec; // status writes never bump generation
        const out = this.commit(r, cur, next);
        record('updateStatus', out);
        return structuredClone(out);
      },
      patch: async (ns, name, p) => {
        this.checkFailure('patch', r);
        const cur = this.mustGet(r, ns, name);
        const pm = (p as { metadata?: { resourceVersion?: string } }).metadata;
        this.precondition(r, cur, pm?.resourceVersion);
        const next = mergePatch(structuredClone(cur), p) as Obj;
        if (withStatus.has(r)) next.status = structuredClone(cur.status);
        const out = this.commit(r, cur, next);
        record('patch', out);
        return structuredClone(out);
      },
      delete: async (ns, name, opts?: DeleteOptions) => {
        this.checkFailure('delete', r);
        const cur = this.mustGet(r, ns, name);
        if (opts?.uid && opts.uid !== cur.metadata?.uid) throw new ApiError('Conflict', `uid precondition failed for ${name}`);
        this.precondition(r, cur, opts?.resourceVersion);
        record('delete', cur);
        const next = structuredClone(cur);
        const fins = new Set(next.metadata!.finalizers ?? []);
        if (opts?.propagationPolicy === 'Foreground') fins.add('foregroundDeletion');
        if (opts?.propagationPolicy === 'Orphan') fins.add('orphan');
        next.metadata!.finalizers = fins.size ? [...fins] : undefined;
        if (r === 'namespaces') (next as V1Namespace).status = { phase: 'Terminating' };
        if (!next.metadata!.deletionTimestamp) next.metadata!.deletionTimestamp = new Date(this.clock.now());
        this.commit(r, cur, next);
      },
    };
  }

  private async finalizeNamespace(o: V1Namespace): Promise<V1Namespace> {
    const cur = this.mustGet('namespaces', undefined, o.metadata?.name ?? '') as V1Namespace;
    const next = structuredClone(cur);
    next.spec = { finalizers: o.spec?.finalizers ?? [] };
    const out = this.commit('namespaces', cur, next);
    this.actions.push(`finalize namespaces ${o.metadata?.name}`);
    return structuredClone(out) as V1Namespace;
  }
}
