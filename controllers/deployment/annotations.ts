// Deployment bookkeeping annotations: `deployment.kubernetes.io/revision` (+ revision-history) on
// ReplicaSets and the Deployment, and desired-replicas / max-replicas on ReplicaSets (used for
// proportional scaling). Deployment annotations are copied onto its ReplicaSets (that is how
// `kubernetes.io/change-cause` reaches `kubectl rollout history`), except the controller's own.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';

export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const LastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const RollbackToAnnotation = 'deprecated.deployment.rollback.to';

const notCopied = new Set([
  LastAppliedAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RollbackToAnnotation,
]);

/** The revision of an RS (0 when absent or malformed). */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const v = Number.parseInt(obj.metadata?.annotations?.[RevisionAnnotation] ?? '', 10);
  return Number.isFinite(v) ? v : 0;
}

export function maxRevision(sets: V1ReplicaSet[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function intAnnotation(rs: V1ReplicaSet, key: string): number | undefined {
  const raw = rs.metadata?.annotations?.[key];
  if (raw === undefined) return undefined;
  const v = Number.parseInt(raw, 10);
  return Number.isFinite(v) ? v : undefined;
}

export const desiredReplicasOf = (rs: V1ReplicaSet): number | undefined => intAnnotation(rs, DesiredReplicasAnnotation);
export const maxReplicasOf = (rs: V1ReplicaSet): number | undefined => intAnnotation(rs, MaxReplicasAnnotation);

/** Copies the Deployment's annotations onto the RS; true if anything changed. */
function copyAnnotations(d: V1Deployment, rs: V1ReplicaSet): boolean {
  const ann = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (notCopied.has(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Brings the RS's annotations up to date (mutates `rs`, a copy): copied Deployment annotations, a
 * revision raised to `newRevision` (the old one recorded in revision-history), and for a freshly
 * built RS the replica annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: V1Deployment, rs: V1ReplicaSet, newRevision: number, exists: boolean, maxSurgeCount: number): boolean {
  rs.metadata ??= {};
  let changed = copyAnnotations(d, rs);
  const ann = (rs.metadata.annotations ??= {});
  const oldRaw = ann[RevisionAnnotation];
  const old = Number.parseInt(oldRaw ?? '', 10);
  if (oldRaw === undefined || !Number.isFinite(old) || old < newRevision) {
    ann[RevisionAnnotation] = String(newRevision);
    changed = true;
    if (oldRaw) {
      const hist = ann[RevisionHistoryAnnotation];
      ann[RevisionHistoryAnnotation] = hist ? `${hist},${oldRaw}` : oldRaw;
    }
  }
  if (!exists) {
    const want = d.spec?.replicas ?? 1;
    if (setReplicasAnnotations(rs, want, want + maxSurgeCount)) changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: V1ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata?.annotations ?? {};
  return ann[DesiredReplicasAnnotation] !== String(desired) || ann[MaxReplicasAnnotation] !== String(max);
}

export function setReplicasAnnotations(rs: V1ReplicaSet, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  rs.metadata ??= {};
  const ann = (rs.metadata.annotations ??= {});
  ann[DesiredReplicasAnnotation] = String(desired);
  ann[MaxReplicasAnnotation] = String(max);
  return true;
}
