// The garbage collector: deletes objects whose owners are all gone (background), deletes the
// dependents of owners in foreground deletion before removing their `foregroundDeletion` finalizer,
// and strips ownerReferences from the dependents of owners with the `orphan` finalizer before
// removing it. Owners missing from the cache are checked against the API by uid, so dependents left
// dangling while the manager was down are collected after a restart.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import {
  ControllerBuilder,
  errorMessage,
  isConflict,
  isNotFound,
  keyString,
  type Controller,
  type ObjectKey,
  type Reconciler,
  type WatchEvent,
} from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { ControllerContext, ResourceClient } from '../runtime/index.js';
import { GCResources, Graph, parseRefKey, refKey, type Ref } from './graph.js';

export const ForegroundFinalizer = 'foregroundDeletion';
export const OrphanFinalizer = 'orphan';

export interface GarbageCollectorOptions {
  workers?: number;
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector implements Reconciler {
  readonly controller: Controller;
  readonly graph: Graph;
  private readonly log: Logger;

  constructor(
    private readonly ctx: ControllerContext,
    opts: GarbageCollectorOptions = {},
  ) {
    this.log = ctx.logger.child({ controller: 'garbagecollector' });
    this.graph = new Graph(ctx.informers);
    const b = new ControllerBuilder({ name: 'garbagecollector', logger: this.log, workers: opts.workers ?? 20 });
    for (const resource of GCResources) b.watches(this.graph.informers.get(resource)!, (e) => this.keysFor(resource, e));
    this.controller = b.complete(this);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  private keysFor(resource: (typeof GCResources)[number], { type, obj, old }: WatchEvent<KubernetesObject>): string[] {
    if (type === 'delete') {
      const dependents = this.graph.dependents(obj.metadata?.uid ?? '').map((d) => refKey(d.ref));
      return [...dependents, ...this.deletingOwners(obj)];
    }
    // On updates, owners dropped from the list may be waiting for this dependent.
    return [...this.changed(resource, obj), ...(old ? this.deletingOwners(old) : [])];
  }

  /** The owners of `o` that are being deleted (they may be waiting for it). */
  private deletingOwners(o: KubernetesObject): string[] {
    const out: string[] = [];
    for (const r of o.metadata?.ownerReferences ?? []) {
      const n = this.graph.byUid(r.uid);
      if (n && n.obj.metadata?.deletionTimestamp) out.push(refKey(n.ref));
    }
    return out;
  }

  private changed(resource: (typeof GCResources)[number], o: KubernetesObject): string[] {
    const m = o.metadata ?? {};
    const ref = refKey(this.graph.refOf(resource, o));
    if ((m.ownerReferences ?? []).length > 0) return [ref];
    if (m.deletionTimestamp && (m.finalizers ?? []).some((f) => f === ForegroundFinalizer || f === OrphanFinalizer)) return [ref];
    return [];
  }

  private client(ref: Ref): ResourceClient<KubernetesObject> {
    return this.ctx.clients[ref.resource] as unknown as ResourceClient<KubernetesObject>;
  }

  async reconcile(key: ObjectKey): Promise<void> {
    const ref = parseRefKey(keyString(key));
    if (!ref) return;
    const obj = this.graph.get(ref);
    if (!obj) return;
    const fins = obj.metadata?.finalizers ?? [];
    if (obj.metadata?.deletionTimestamp) {
      if (fins.includes(OrphanFinalizer)) await this.orphanDependents(ref, obj);
      else if (fins.includes(ForegroundFinalizer)) await this.deleteDependents(ref, obj);
      return;
    }
    await this.checkOwners(ref, obj);
  }

  /** orphan: remove our ownerReference from every dependent, then our finalizer. */
  private async orphanDependents(ref: Ref, obj: KubernetesObject): Promise<void> {
    const uid = obj.metadata?.uid ?? '';
    for (const d of this.graph.dependents(uid)) {
      const rest = (d.obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
      await this.ignoreNotFound(() => this.client(d.ref).patch(d.ref.namespace, d.ref.name, { metadata: { ownerReferences: rest.length ? rest : null, uid: d.obj.metadata?.uid } }));
    }
    await this.removeFinalizer(ref, OrphanFinalizer);
  }

  /** foreground: delete dependents; remove the finalizer once no blocking dependent remains. */
  private async deleteDependents(ref: Ref, obj: KubernetesObject): Promise<void> {
    const uid = obj.metadata?.uid ?? '';
    let blocking = 0;
    for (const d of this.graph.dependents(uid)) {
      const ownRef = d.obj.metadata?.ownerReferences?.find((r) => r.uid === uid);
      if (ownRef?.blockOwnerDeletion) blocking++;
      if (d.obj.metadata?.deletionTimestamp) continue;
      const hasDependents = this.graph.dependents(d.obj.metadata?.uid ?? '').length > 0;
      await this.deleteObject(d.ref, d.obj, hasDependents ? 'Foreground' : 'Background');
    }
    if (blocking === 0) await this.removeFinalizer(ref, ForegroundFinalizer);
  }

  private async checkOwners(ref: Ref, obj: KubernetesObject): Promise<void> {
    const owners = obj.metadata?.ownerReferences ?? [];
    if (owners.length === 0) return;
    const states = await Promise.all(owners.map((o) => this.ownerState(ref, o)));
    const solid = owners.filter((_o, i) => states[i] === 'solid');
    if (solid.length > 0) {
      if (solid.length === owners.length) return;
      // Keep the object; drop references to owners that are gone or going.
      await this.ignoreNotFound(() => this.client(ref).patch(ref.namespace, ref.name, { metadata: { ownerReferences: solid, uid: obj.metadata?.uid } }));
      return;
    }
    const waiting = states.includes('waiting');
    const fins = obj.metadata?.finalizers ?? [];
    let policy: 'Background' | 'Foreground' | 'Orphan' = 'Background';
    if (fins.includes(OrphanFinalizer)) policy = 'Orphan';
    else if (fins.includes(ForegroundFinalizer)) policy = 'Foreground';
    else if (waiting && this.graph.dependents(obj.metadata?.uid ?? '').length > 0) policy = 'Foreground';
    this.log.info({ object: refKey(ref), policy }, 'deleting object whose owners are gone');
    await this.deleteObject(ref, obj, policy);
  }

  /** Whether an owner exists (solid), is gone (dangling) or is deleting its dependents (waiting). */
  private async ownerState(dep: Ref, owner: V1OwnerReference): Promise<OwnerState> {
    const info = this.graph.ownerResource(owner);
    if (!info) return 'solid'; // a kind we cannot check: never collect on a guess
    const cached = this.graph.byUid(owner.uid);
    let found: KubernetesObject | undefined = cached?.obj;
    if (!found) {
      try {
        const ns = info.namespaced ? dep.namespace : undefined;
        const live = await (this.ctx.clients[info.resource] as unknown as ResourceClient<KubernetesObject>).get(ns, owner.name);
        found = live.metadata?.uid === owner.uid ? live : undefined;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (!found) return 'dangling';
    const m = found.metadata ?? {};
    if (m.deletionTimestamp && (m.finalizers ?? []).includes(ForegroundFinalizer)) return 'waiting';
    return 'solid';
  }

  private async deleteObject(ref: Ref, obj: KubernetesObject, policy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    try {
      await this.client(ref).delete(ref.namespace, ref.name, { uid: obj.metadata?.uid, propagationPolicy: policy });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return; // gone, or replaced by a new object of the same name
      throw err;
    }
  }

  private async removeFinalizer(ref: Ref, finalizer: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let cur: KubernetesObject;
      try {
        cur = await this.client(ref).get(ref.namespace, ref.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      const fins = cur.metadata?.finalizers ?? [];
      if (!fins.includes(finalizer)) return;
      try {
        await this.client(ref).update({ ...cur, metadata: { ...cur.metadata, finalizers: fins.filter((f) => f !== finalizer) } });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
        this.log.debug({ object: refKey(ref), err: errorMessage(err) }, 'conflict removing finalizer; retrying');
      }
    }
    throw new Error(`could not remove finalizer ${finalizer} from ${refKey(ref)}`);
  }

  private async ignoreNotFound(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
