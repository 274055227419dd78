// The ReplicaSet controller: keeps `spec.replicas` active pods per ReplicaSet. Pod and RS events
// only enqueue RS keys; reconcile claims pods (adopt/release), creates or deletes the difference in
// slow-start bursts guarded by expectations, and writes status through the status subresource.
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import {
  Expectations,
  deepCopy,
  errorMessage,
  getControllerOf,
  isConflict,
  isNotFound,
  keyOf,
  keyString,
  objectReference,
  selectorMatcher,
  type Enqueue,
  type ObjectKey,
  type Result,
  type WatchEvent,
} from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext } from '../runtime/index.js';
import { claimObjects, isPodActive, isPodReady, recheckOwner } from '../util/index.js';
import { newPod, slowStartBatch } from './pods.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, statusEqual } from './status.js';

export interface ReplicaSetOptions {
  workers?: number;
  /** Most creates or deletes per sync (Kubernetes' BurstReplicas). */
  burstReplicas?: number;
}

export class ReplicaSetController extends ReconcilerBase {
  readonly expectations = new Expectations(this.ctx.clock);
  private readonly recorder = this.ctx.recorder('replicaset-controller');
  private readonly rsInformer = this.ctx.informers.informer('replicasets');
  private readonly podInformer = this.ctx.informers.informer('pods');
  private readonly burst: number;

  constructor(ctx: ControllerContext, opts: ReplicaSetOptions = {}) {
    super(ctx, 'replicaset');
    this.burst = opts.burstReplicas ?? 500;
    this.complete(
      this.builder(opts.workers ?? 5)
        .for(this.rsInformer)
        .watches(this.rsInformer, ({ obj }) => void this.expectations.delete(keyOf(obj)), { on: ['delete'] })
        .watches(this.podInformer, (e) => this.podKeys(e)),
    );
  }

  /** The RS that controls the pod, if it exists in the cache with the same uid. */
  private ownerOf(pod: V1Pod): V1ReplicaSet | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.store.getByName(pod.metadata?.namespace, ref.name);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets in the pod's namespace whose selector matches it (for orphans). */
  private matchingSets(pod: V1Pod): V1ReplicaSet[] {
    return this.rsInformer.store
      .listNamespace(pod.metadata?.namespace ?? '')
      .filter((rs) => selectorMatcher(rs.spec?.selector)(pod.metadata?.labels));
  }

  /**
   * The ReplicaSets a pod event concerns: its owner (whose expectations it may satisfy), or the
   * sets that could adopt an orphan. Observing expectations here is the one thing besides keys.
   */
  private podKeys(e: WatchEvent<V1Pod>): Enqueue[] {
    if (e.type === 'add') return this.podAdded(e.obj);
    if (e.type === 'update') return this.podUpdated(e.old!, e.obj);
    return this.podDeleted(e.obj);
  }

  private podAdded(pod: V1Pod): Enqueue[] {
    if (pod.metadata?.deletionTimestamp) return this.podDeleted(pod);
    if (getControllerOf(pod)) {
      const rs = this.ownerOf(pod);
      if (!rs) return [];
      this.expectations.creationObserved(keyOf(rs));
      return [keyOf(rs)];
    }
    return this.matchingSets(pod).map(keyOf);
  }

  private podUpdated(old: V1Pod, cur: V1Pod): Enqueue[] {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return [];
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) return [...this.podDeleted(cur), ...(labelsChanged ? this.podDeleted(old) : [])];
    const out: Enqueue[] = [];
    const oldRef = getControllerOf(old);
    const curRef = getControllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const oldRs = this.ownerOf(old);
      if (oldRs) out.push(keyOf(oldRs));
    }
    if (curRef) {
      const rs = this.ownerOf(cur);
      if (!rs) return out;
      out.push(keyOf(rs));
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) out.push({ key: keyOf(rs), afterMs: minReady * 1000 + 1000 });
      return out;
    }
    if (labelsChanged || refChanged) out.push(...this.matchingSets(cur).map(keyOf));
    return out;
  }

  private podDeleted(pod: V1Pod): Enqueue[] {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return [];
    const rs = this.ownerOf(pod);
    if (!rs) return [];
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    return [keyOf(rs)];
  }

  async reconcile(key: ObjectKey): Promise<Result | void> {
    const k = keyString(key);
    const rs = this.rsInformer.store.get(k);
    if (!rs) {
      this.expectations.delete(k);
      return;
    }
    const needsSync = this.expectations.satisfied(k) && !rs.metadata?.deletionTimestamp;
    const matches = selectorMatcher(rs.spec?.selector);
    const active = this.podInformer.store.listNamespace(key.namespace ?? '').filter(isPodActive);
    const pods = await claimObjects(active, {
      owner: rs,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'ReplicaSet',
      matches: (p) => matches(p.metadata?.labels),
      client: this.ctx.clients.pods,
      canAdopt: recheckOwner(this.ctx.clients.replicasets, rs),
    });

    let manageErr: unknown;
    if (needsSync) {
      try {
        await this.manageReplicas(k, rs, pods);
      } catch (err) {
        manageErr = err;
      }
    }
    const now = this.ctx.clock.now();
    const status = calculateStatus(rs, pods, manageErr, now);
    const updated = await this.writeStatus(rs, status);
    if (manageErr !== undefined) throw manageErr;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const want = rs.spec?.replicas ?? 1;
    if (minReady > 0 && updated.readyReplicas === want && updated.availableReplicas !== want) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  private async manageReplicas(k: string, rs: V1ReplicaSet, pods: V1Pod[]): Promise<void> {
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    const ref = objectReference(rs, 'apps/v1', 'ReplicaSet');
    if (diff < 0) {
      const n = Math.min(-diff, this.burst);
      this.expectations.expectCreations(k, n);
      const template = rs.spec?.template;
      let firstErr: unknown;
      const created = await slowStartBatch(n, 1, async () => {
        try {
          const pod = await this.ctx.clients.pods.create(newPod(rs, template));
          this.recorder.event(ref, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
        } catch (err) {
          this.expectations.creationObserved(k); // this create will never be observed
          this.recorder.event(ref, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
          firstErr ??= err;
          throw err;
        }
      });
      for (let i = created.attempted; i < n; i++) this.expectations.creationObserved(k); // skipped
      if (firstErr !== undefined) throw firstErr;
      this.log.debug({ rs: k, created: created.succeeded }, 'created pods');
      return;
    }
    if (diff > 0) {
      const n = Math.min(diff, this.burst);
      const related = this.relatedPods(rs);
      const victims = podsToDelete(pods, related, n);
      this.expectations.expectDeletions(k, victims.map(keyOf));
      const results = await Promise.allSettled(
        victims.map(async (p) => {
          try {
            await this.ctx.clients.pods.delete(p.metadata?.namespace, p.metadata?.name ?? '', { uid: p.metadata?.uid });
            this.recorder.event(ref, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata?.name}`);
          } catch (err) {
            this.expectations.deletionObserved(k, keyOf(p));
            if (isNotFound(err)) return;
            this.recorder.event(ref, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
            throw err;
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  /** Active pods of every ReplicaSet sharing this one's controller (a Deployment's RSs). */
  private relatedPods(rs: V1ReplicaSet): V1Pod[] {
    const owner = getControllerOf(rs);
    const sets = owner
      ? this.rsInformer.store.listNamespace(rs.metadata?.namespace ?? '').filter((o) => getControllerOf(o)?.uid === owner.uid)
      : [rs];
    const uids = new Set(sets.map((s) => s.metadata?.uid));
    return this.podInformer.store
      .listNamespace(rs.metadata?.namespace ?? '')
      .filter((p) => isPodActive(p) && uids.has(getControllerOf(p)?.uid));
  }

  private async writeStatus(rs: V1ReplicaSet, status: V1ReplicaSet['status'] & object): Promise<V1ReplicaSet['status'] & object> {
    if (statusEqual(rs.status, status)) return status;
    let cur = rs;
    for (let attempt = 0; ; attempt++) {
      const next = deepCopy(cur);
      next.status = { ...status, conditions: status.conditions };
      try {
        await this.ctx.clients.replicasets.updateStatus(next);
        return status;
      } catch (err) {
        if (!isConflict(err) || attempt >= 1) throw err;
        cur = await this.ctx.clients.replicasets.get(rs.metadata?.namespace, rs.metadata?.name ?? '');
        status.observedGeneration = status.observedGeneration ?? cur.metadata?.generation;
      }
    }
  }
}
