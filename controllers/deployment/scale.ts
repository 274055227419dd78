// Scaling a Deployment that is mid-rollout (sync.go scale()): with one active RS it simply takes the
// new size; a saturated new RS lets old ones go to zero; otherwise the change is spread across the
// active RSs in proportion to their size (using each RS's max-replicas annotation), leftovers to
// the largest.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { desiredReplicasOf, maxReplicasOf } from './annotations.js';
import { bySize, filterActive, findActiveOrLatest, replicaCount, specReplicas } from './replicasets.js';
import { isRollingUpdate, maxSurge, replicasOf } from './strategy.js';
import type { ScalePlan } from './rolling.js';

export function isSaturated(d: V1Deployment, rs: V1ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const want = replicasOf(d);
  return desiredReplicasOf(rs) === want && specReplicas(rs) === want && (rs.status?.availableReplicas ?? 0) === want;
}

function fraction(rs: V1ReplicaSet, d: V1Deployment): number {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const size = (specReplicas(rs) * deploymentReplicas) / annotated;
  return Math.round(size) - specReplicas(rs);
}

function proportion(rs: V1ReplicaSet, d: V1Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/** Resizes for a scaling event (name → size); empty when nothing needs to change. */
export function planScale(d: V1Deployment, newRS: V1ReplicaSet | undefined, oldRSs: V1ReplicaSet[]): ScalePlan {
  const plan: ScalePlan = new Map();
  const want = replicasOf(d);
  const one = findActiveOrLatest(newRS, oldRSs);
  if (one) {
    if (specReplicas(one) !== want) plan.set(one.metadata?.name ?? '', want);
    return plan;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of filterActive(oldRSs)) plan.set(rs.metadata?.name ?? '', 0);
    return plan;
  }
  if (!isRollingUpdate(d)) return plan;
  const active = filterActive([...oldRSs, newRS]);
  const allowed = want > 0 ? want + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(active);
  if (toAdd === 0) return plan;
  active.sort(bySize(toAdd > 0));
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of active) {
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs.metadata?.name ?? '', specReplicas(rs) + p);
    added += p;
  }
  const first = active[0]!.metadata?.name ?? '';
  sizes.set(first, Math.max(0, sizes.get(first)! + (toAdd - added)));
  // Every active RS is listed (even at its current size) so its replica annotations follow.
  for (const rs of active) plan.set(rs.metadata?.name ?? '', sizes.get(rs.metadata?.name ?? '')!);
  return plan;
}
