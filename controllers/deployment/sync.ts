// The writes one Deployment sync makes: finding or creating the new ReplicaSet (revision and
// replica annotations, pod-template-hash), resizing ReplicaSets with ScalingReplicaSet events,
// revision-history cleanup, and Deployment annotation / status updates. One instance per sync;
// it keeps the freshest copies of the objects it wrote.
import type { V1Deployment, V1DeploymentStatus, V1ReplicaSet } from '@kubernetes/client-node';
import {
  controllerRef,
  deepCopy,
  errorMessage,
  getControllerOf,
  isAlreadyExists,
  isNotFound,
  objectReference,
  type EventRecorder,
} from '../../apimachinery/controller/index.js';
import type { Clients } from '../runtime/index.js';
import {
  RevisionAnnotation,
  maxRevision,
  replicasAnnotationsNeedUpdate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './annotations.js';
import { PodTemplateHashLabel, computeHash, equalIgnoreHash } from './hash.js';
import { byRevision, findNewReplicaSet, findOldReplicaSets, specReplicas } from './replicasets.js';
import { newRSReplicas, type ScalePlan } from './rolling.js';
import { Reasons, getCondition, newCondition, setCondition, statusEqual } from './status.js';
import { hasProgressDeadline, maxSurge, replicasOf } from './strategy.js';

export class DeploymentSync {
  /** All ReplicaSets the Deployment controls (kept current as this sync writes them). */
  rsList: V1ReplicaSet[];

  constructor(
    public d: V1Deployment,
    rsList: V1ReplicaSet[],
    private readonly clients: Clients,
    private readonly recorder: EventRecorder,
    private readonly now: () => number,
  ) {
    this.rsList = [...rsList];
  }

  private get ref() {
    return objectReference(this.d, 'apps/v1', 'Deployment');
  }

  private replace(rs: V1ReplicaSet): V1ReplicaSet {
    const i = this.rsList.findIndex((x) => x.metadata?.uid === rs.metadata?.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
    return rs;
  }

  /** [newRS, oldRSs] after syncing revisions; creates the new RS when asked and missing. */
  async newAndOld(create: boolean): Promise<[V1ReplicaSet | undefined, V1ReplicaSet[]]> {
    const oldRSs = findOldReplicaSets(this.d, this.rsList);
    const newRS = await this.getNewReplicaSet(oldRSs, create);
    return [newRS, findOldReplicaSets(this.d, this.rsList)];
  }

  private async getNewReplicaSet(oldRSs: V1ReplicaSet[], create: boolean): Promise<V1ReplicaSet | undefined> {
    const d = this.d;
    const existing = findNewReplicaSet(d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = deepCopy(existing);
      const annotated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
      const minReadyChanged = (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      let rs = existing;
      if (annotated || minReadyChanged) {
        copy.spec!.minReadySeconds = d.spec?.minReadySeconds;
        rs = this.replace(await this.clients.replicasets.update(copy));
      }
      await this.setDeploymentRevision(rs.metadata?.annotations?.[RevisionAnnotation] ?? String(newRevision));
      if (hasProgressDeadline(d) && !getCondition(this.d.status, 'Progressing')) {
        await this.writeStatus(this.withCondition('Progressing', 'True', Reasons.FoundNewRS, `Found new replica set "${rs.metadata?.name}"`));
      }
      return rs;
    }
    if (!create) return undefined;

    const template = deepCopy(d.spec?.template ?? {});
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), [PodTemplateHashLabel]: hash } };
    const selector = deepCopy(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [PodTemplateHashLabel]: hash };
    const fresh: V1ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata?.name}-${hash}`,
        namespace: d.metadata?.namespace,
        ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector, template },
      // Go clients always send the zero status; our API server's schema requires status.replicas.
      status: { replicas: 0 },
    };
    fresh.spec!.replicas = newRSReplicas(d, [...oldRSs, fresh], fresh);
    setNewReplicaSetAnnotations(d, fresh, newRevision, false, maxSurge(d));

    let created: V1ReplicaSet;
    let alreadyExisted = false;
    try {
      created = await this.clients.replicasets.create(fresh);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const found = await this.clients.replicasets.get(fresh.metadata?.namespace, fresh.metadata?.name ?? '');
        if (getControllerOf(found)?.uid === d.metadata?.uid && equalIgnoreHash(found.spec?.template, d.spec?.template)) {
          created = found;
          alreadyExisted = true;
        } else {
          // A hash collision: bump collisionCount so the next attempt gets a different name.
          const status = deepCopy(this.d.status ?? {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(status);
          throw new Error(`hash collision for ReplicaSet ${fresh.metadata?.name}; collisionCount now ${status.collisionCount}`);
        }
      } else {
        const msg = `Failed to create new replica set "${fresh.metadata?.name}": ${errorMessage(err)}`;
        if (hasProgressDeadline(d)) await this.writeStatus(this.withCondition('Progressing', 'False', Reasons.FailedRSCreate, msg));
        this.recorder.event(this.ref, 'Warning', Reasons.FailedRSCreate, msg);
        throw err;
      }
    }
    this.replace(created);
    if (!alreadyExisted && specReplicas(created) > 0) {
      this.recorder.event(this.ref, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} to ${specReplicas(created)}`);
    }
    await this.setDeploymentRevision(String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(d)) {
      await this.writeStatus(this.withCondition('Progressing', 'True', Reasons.NewRSCreated, `Created new replica set "${created.metadata?.name}"`));
    }
    return created;
  }

  /** The Deployment's status with one condition set (for immediate writes). */
  withCondition(type: string, status: string, reason: string, message: string): V1DeploymentStatus {
    const s = deepCopy(this.d.status ?? {});
    setCondition(s, newCondition(type, status, reason, message, this.now()));
    return s;
  }

  /** Mirrors the new RS's revision onto the Deployment's annotation (a metadata-only patch). */
  private async setDeploymentRevision(revision: string): Promise<void> {
    if (this.d.metadata?.annotations?.[RevisionAnnotation] === revision) return;
    const status = this.d.status;
    this.d = await this.clients.deployments.patch(this.d.metadata?.namespace, this.d.metadata?.name ?? '', {
      metadata: { annotations: { [RevisionAnnotation]: revision } },
    });
    this.d.status ??= status;
  }

  /** Writes status when it differs from what the Deployment has. */
  async writeStatus(status: V1DeploymentStatus): Promise<void> {
    if (statusEqual(this.d.status, status)) return;
    const next = deepCopy(this.d);
    next.status = status;
    this.d = await this.clients.deployments.updateStatus(next);
  }

  /** Resizes an RS (and its replica annotations); records ScalingReplicaSet. True if the size changed. */
  async scaleReplicaSet(rs: V1ReplicaSet, size: number, onlyIfSizeDiffers = false): Promise<boolean> {
    const cur = this.rsList.find((x) => x.metadata?.uid === rs.metadata?.uid) ?? rs;
    const old = specReplicas(cur);
    const want = replicasOf(this.d);
    const maxR = want + maxSurge(this.d);
    const sizeChanged = old !== size;
    if (!sizeChanged && (onlyIfSizeDiffers || !replicasAnnotationsNeedUpdate(cur, want, maxR))) return false;
    const copy = deepCopy(cur);
    copy.spec!.replicas = size;
    setReplicasAnnotations(copy, want, maxR);
    this.replace(await this.clients.replicasets.update(copy));
    if (sizeChanged) {
      const op = size > old ? 'up' : 'down';
      this.recorder.event(this.ref, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${cur.metadata?.name} to ${size} from ${old}`);
    }
    return sizeChanged;
  }

  /** Applies a plan (name → size); true if any size changed. */
  async applyPlan(plan: ScalePlan, onlyIfSizeDiffers = false): Promise<boolean> {
    let changed = false;
    for (const [name, size] of plan) {
      const rs = this.rsList.find((x) => x.metadata?.name === name);
      if (rs && (await this.scaleReplicaSet(rs, size, onlyIfSizeDiffers))) changed = true;
    }
    return changed;
  }

  /** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: V1ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const alive = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    const sorted = [...alive].sort(byRevision);
    for (const rs of sorted.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.clients.replicasets.delete(rs.metadata?.namespace, rs.metadata?.name ?? '', { uid: rs.metadata?.uid });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.rsList = this.rsList.filter((x) => x.metadata?.uid !== rs.metadata?.uid);
    }
  }
}
