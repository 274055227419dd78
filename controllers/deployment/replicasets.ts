// Views over a Deployment's ReplicaSets: which one is new (template equal ignoring the hash label),
// which are old, active filtering, replica sums and the orderings the rollout logic uses.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';
import { revisionOf } from './annotations.js';
import { equalIgnoreHash } from './hash.js';

export const specReplicas = (rs: V1ReplicaSet): number => rs.spec?.replicas ?? 0;

const created = (rs: V1ReplicaSet): number => toMillis(rs.metadata?.creationTimestamp) ?? 0;
const byName = (a: V1ReplicaSet, b: V1ReplicaSet): number => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');

/** Oldest first; ties by name. */
export function byCreation(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return created(a) - created(b) || byName(a, b);
}

/** Lowest revision first; ties by creation. */
export function byRevision(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** Larger first; ties newer first (scaling up) or older first (scaling down). */
export function bySize(newerFirst: boolean): (a: V1ReplicaSet, b: V1ReplicaSet) => number {
  return (a, b) => specReplicas(b) - specReplicas(a) || (newerFirst ? byCreation(b, a) : byCreation(a, b));
}

/** The oldest RS whose template equals the Deployment's (ignoring pod-template-hash). */
export function findNewReplicaSet(d: V1Deployment, sets: V1ReplicaSet[]): V1ReplicaSet | undefined {
  return [...sets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export function findOldReplicaSets(d: V1Deployment, sets: V1ReplicaSet[]): V1ReplicaSet[] {
  const n = findNewReplicaSet(d, sets);
  return sets.filter((rs) => rs !== n && rs.metadata?.uid !== n?.metadata?.uid);
}

export function filterActive(sets: (V1ReplicaSet | undefined)[]): V1ReplicaSet[] {
  return sets.filter((rs): rs is V1ReplicaSet => !!rs && specReplicas(rs) > 0);
}

/** Sum of spec.replicas. */
export function replicaCount(sets: (V1ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
}

/** Sum of status.replicas. */
export function actualReplicaCount(sets: (V1ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(sets: (V1ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(sets: (V1ReplicaSet | undefined)[]): number {
  return sets.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** The only active RS, or the newest one when none is active; undefined when several are active. */
export function findActiveOrLatest(newRS: V1ReplicaSet | undefined, oldRSs: V1ReplicaSet[]): V1ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort(byCreation).reverse();
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  if (active.length === 1) return active[0];
  return undefined;
}
