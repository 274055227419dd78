// The Deployment controller: claims ReplicaSets by selector and rolls the pod template out through
// them (RollingUpdate within maxSurge/maxUnavailable, or Recreate), handling scaling mid-rollout,
// pause/resume, revision history and the Progressing/Available conditions kubectl rollout reads.
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import {
  getControllerOf,
  keyOf,
  keyString,
  objectReference,
  selectorMatcher,
  type ObjectKey,
  type Result,
} from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext, type WorkerOptions } from '../runtime/index.js';
import { claimObjects, recheckOwner } from '../util/index.js';
import { desiredReplicasOf } from './annotations.js';
import { filterActive, replicaCount } from './replicasets.js';
import { newRSReplicas, planOldScaleDown } from './rolling.js';
import { planScale } from './scale.js';
import { Reasons, calculateStatus, deploymentComplete, getCondition, progressRecheckAfter, rolloutStatus } from './status.js';
import { hasProgressDeadline, isRollingUpdate, replicasOf } from './strategy.js';
import { DeploymentSync } from './sync.js';

export type DeploymentOptions = WorkerOptions;

export class DeploymentController extends ReconcilerBase {
  private readonly dInformer = this.ctx.informers.informer('deployments');
  private readonly rsInformer = this.ctx.informers.informer('replicasets');
  private readonly podInformer = this.ctx.informers.informer('pods');
  private readonly recorder = this.ctx.recorder('deployment-controller');

  constructor(ctx: ControllerContext, opts: DeploymentOptions = {}) {
    super(ctx, 'deployment');
    this.complete(
      this.builder(opts.workers ?? 5)
        .for(this.dInformer)
        .watches(this.rsInformer, ({ old, obj }) => this.rsChanged(old, obj))
        .watches(this.podInformer, ({ obj }) => this.podDeleted(obj), { on: ['delete'] }),
    );
  }

  private ownerOf(obj: V1ReplicaSet): V1Deployment | undefined {
    const ref = getControllerOf(obj);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.store.getByName(obj.metadata?.namespace, ref.name);
    return d?.metadata?.uid === ref.uid ? d : undefined;
  }

  /** The owning Deployment (before and after), or for an orphan the Deployments that could adopt it. */
  private rsChanged(old: V1ReplicaSet | undefined, rs: V1ReplicaSet): string[] {
    const oldOwner = old ? this.ownerOf(old) : undefined;
    const out = oldOwner ? [keyOf(oldOwner)] : [];
    const owner = this.ownerOf(rs);
    if (owner) return [...out, keyOf(owner)];
    if (getControllerOf(rs)) return out;
    const adopters = this.dInformer.store.listNamespace(rs.metadata?.namespace ?? '').filter((d) => selectorMatcher(d.spec?.selector)(rs.metadata?.labels));
    return [...out, ...adopters.map(keyOf)];
  }

  /** Recreate waits for old pods to be gone, so their deletions matter. */
  private podDeleted(pod: V1Pod): string | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.store.getByName(pod.metadata?.namespace, ref.name);
    const d = rs && this.ownerOf(rs);
    return d && !isRollingUpdate(d) ? keyOf(d) : undefined;
  }

  async reconcile(key: ObjectKey): Promise<Result | void> {
    const cached = this.dInformer.store.get(keyString(key));
    if (!cached) return;
    const d = structuredClone(cached);
    const now = (): number => this.ctx.clock.now();
    const sel = d.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      this.recorder.event(objectReference(d, 'apps/v1', 'Deployment'), 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if (d.status?.observedGeneration !== d.metadata?.generation) {
        await this.ctx.clients.deployments.updateStatus({ ...d, status: { ...d.status, observedGeneration: d.metadata?.generation } });
      }
      return;
    }
    const matches = selectorMatcher(sel);
    const rsList = await claimObjects(this.rsInformer.store.listNamespace(key.namespace ?? ''), {
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      matches: (rs) => matches(rs.metadata?.labels),
      client: this.ctx.clients.replicasets,
      canAdopt: recheckOwner(this.ctx.clients.deployments, d),
    });
    const s = new DeploymentSync(d, rsList, this.ctx.clients, this.recorder, now);

    if (d.metadata?.deletionTimestamp) {
      const [newRS, oldRSs] = await s.newAndOld(false);
      await s.writeStatus(calculateStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS, s.d, now()));
      return;
    }
    await this.checkPausedConditions(s);
    if (s.d.spec?.paused) return this.sync(s);
    if (await this.isScalingEvent(s)) return this.sync(s);
    return isRollingUpdate(s.d) ? this.rolloutRolling(s) : this.rolloutRecreate(s);
  }

  private async checkPausedConditions(s: DeploymentSync): Promise<void> {
    if (!hasProgressDeadline(s.d)) return;
    const cond = getCondition(s.d.status, 'Progressing');
    if (cond?.reason === Reasons.TimedOut) return;
    const paused = !!s.d.spec?.paused;
    if (paused && cond?.reason !== Reasons.Paused) {
      await s.writeStatus(s.withCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused'));
    } else if (!paused && cond?.reason === Reasons.Paused) {
      await s.writeStatus(s.withCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed'));
    }
  }

  /** Whether spec.replicas changed since the active RSs were last annotated. */
  private async isScalingEvent(s: DeploymentSync): Promise<boolean> {
    const [newRS, oldRSs] = await s.newAndOld(false);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const desired = desiredReplicasOf(rs);
      return desired !== undefined && desired !== replicasOf(s.d);
    });
  }

  /** Scaling (and, while paused, history cleanup) without rolling the template. */
  private async sync(s: DeploymentSync): Promise<void> {
    const [newRS, oldRSs] = await s.newAndOld(false);
    await s.applyPlan(planScale(s.d, newRS, oldRSs));
    const [n2, o2] = await s.newAndOld(false);
    if (s.d.spec?.paused) await s.cleanup(o2);
    await s.writeStatus(calculateStatus([...o2, ...(n2 ? [n2] : [])], n2, s.d, this.ctx.clock.now()));
  }

  private async rolloutRolling(s: DeploymentSync): Promise<Result | void> {
    let [newRS, oldRSs] = await s.newAndOld(true);
    const all = (): V1ReplicaSet[] => [...oldRSs, ...(newRS ? [newRS] : [])];
    const refresh = async (): Promise<void> => {
      [newRS, oldRSs] = await s.newAndOld(false);
    };
    if (newRS) {
      const want = replicasOf(s.d);
      const size = (newRS.spec?.replicas ?? 0) > want ? want : newRSReplicas(s.d, all(), newRS);
      if (await s.scaleReplicaSet(newRS, size, true)) {
        await refresh();
        return this.syncRolloutStatus(s, all(), newRS);
      }
    }
    const plan = planOldScaleDown(s.d, all(), filterActive(oldRSs), newRS);
    if (await s.applyPlan(plan, true)) {
      await refresh();
      return this.syncRolloutStatus(s, all(), newRS);
    }
    if (deploymentComplete(s.d, s.d.status ?? {})) {
      await s.cleanup(oldRSs);
      await refresh();
    }
    return this.syncRolloutStatus(s, all(), newRS);
  }

  private async rolloutRecreate(s: DeploymentSync): Promise<Result | void> {
    let [newRS, oldRSs] = await s.newAndOld(false);
    const all = (): V1ReplicaSet[] => [...oldRSs, ...(newRS ? [newRS] : [])];
    const downPlan = new Map(filterActive(oldRSs).map((rs) => [rs.metadata?.name ?? '', 0] as const));
    if (await s.applyPlan(downPlan, true)) {
      [newRS, oldRSs] = await s.newAndOld(false);
      return this.syncRolloutStatus(s, all(), newRS);
    }
    if (this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus(s, all(), newRS);
    if (!newRS) [newRS, oldRSs] = await s.newAndOld(true);
    if (newRS) await s.scaleReplicaSet(newRS, replicasOf(s.d), true);
    [newRS, oldRSs] = await s.newAndOld(false);
    if (deploymentComplete(s.d, s.d.status ?? {})) {
      await s.cleanup(oldRSs);
      [newRS, oldRSs] = await s.newAndOld(false);
    }
    return this.syncRolloutStatus(s, all(), newRS);
  }

  /** Any pod of an old RS that is not terminal (Recreate must wait for them). */
  private oldPodsRunning(newRS: V1ReplicaSet | undefined, oldRSs: V1ReplicaSet[]): boolean {
    if (oldRSs.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0) > 0) return true;
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid));
    oldUids.delete(newRS?.metadata?.uid);
    const ns = newRS?.metadata?.namespace ?? oldRSs[0]?.metadata?.namespace ?? '';
    return this.podInformer.store.listNamespace(ns).some((p) => {
      if (!oldUids.has(getControllerOf(p)?.uid)) return false;
      return p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
    });
  }

  private async syncRolloutStatus(s: DeploymentSync, allRSs: V1ReplicaSet[], newRS: V1ReplicaSet | undefined): Promise<Result | void> {
    const now = this.ctx.clock.now();
    const status = rolloutStatus(allRSs, newRS, s.d, now);
    await s.writeStatus(status);
    if (replicaCount(allRSs) === 0 && replicasOf(s.d) === 0) return;
    const after = progressRecheckAfter(s.d, status, now);
    return after === undefined ? undefined : { requeueAfterMs: after };
  }
}
