// The RollingUpdate arithmetic, as pure plans over ReplicaSet snapshots (rolling.go): how far the
// new RS may grow within maxSurge, and how far old RSs may shrink without dropping below
// replicas − maxUnavailable available pods (unhealthy old pods first).
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { availableReplicaCount, byCreation, replicaCount, specReplicas } from './replicasets.js';
import { isRollingUpdate, maxSurge, maxUnavailable, replicasOf } from './strategy.js';

/** The size the new RS should have now (NewRSNewReplicas). */
export function newRSReplicas(d: V1Deployment, allRSs: V1ReplicaSet[], newRS: V1ReplicaSet): number {
  const want = replicasOf(d);
  if (!isRollingUpdate(d)) return want;
  const current = replicaCount(allRSs);
  const maxTotal = want + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, want - specReplicas(newRS));
  return specReplicas(newRS) + Math.max(0, up);
}

/** One RS resize: name → new spec.replicas. */
export type ScalePlan = Map<string, number>;

/**
 * How old ReplicaSets shrink this step (reconcileOldReplicaSets): first unhealthy replicas (spec >
 * available) oldest first, bounded by what the availability budget allows, then healthy ones while
 * available pods stay above replicas − maxUnavailable.
 */
export function planOldScaleDown(d: V1Deployment, allRSs: V1ReplicaSet[], oldRSs: V1ReplicaSet[], newRS: V1ReplicaSet | undefined): ScalePlan {
  const plan: ScalePlan = new Map();
  if (replicaCount(oldRSs) === 0) return plan;
  const allPods = replicaCount(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = newRS ? specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return plan;

  // Unhealthy first: these pods are not serving anyway.
  const olds = [...oldRSs].sort(byCreation).map((rs) => ({ rs, replicas: specReplicas(rs) }));
  let cleaned = 0;
  for (const o of olds) {
    if (cleaned >= maxScaledDown) break;
    const avail = o.rs.status?.availableReplicas ?? 0;
    if (o.replicas === 0 || o.replicas === avail) continue;
    const n = Math.min(maxScaledDown - cleaned, o.replicas - avail);
    o.replicas -= n;
    cleaned += n;
    plan.set(o.rs.metadata?.name ?? '', o.replicas);
  }

  // Then healthy ones, keeping at least minAvailable available pods overall.
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return plan;
  const budget = available - minAvailable;
  let scaled = 0;
  for (const o of olds) {
    if (scaled >= budget) break;
    if (o.replicas === 0) continue;
    const n = Math.min(o.replicas, budget - scaled);
    o.replicas -= n;
    scaled += n;
    plan.set(o.rs.metadata?.name ?? '', o.replicas);
  }
  return plan;
}
