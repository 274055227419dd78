// maxSurge / maxUnavailable resolution (deploymentutil.ResolveFenceposts): absolute or percent of
// spec.replicas; surge rounds up, unavailable rounds down; both zero means unavailable = 1.
import type { IntOrString, V1Deployment } from '@kubernetes/client-node';

export const DefaultMaxSurge = '25%';
export const DefaultMaxUnavailable = '25%';

/** An IntOrString scaled against `total`; undefined when the value is malformed. */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  const m = /^(\d+)%$/.exec(v);
  if (m) {
    const x = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

export function isRollingUpdate(d: V1Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function replicasOf(d: V1Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** [maxSurge, maxUnavailable] as absolute pod counts for `desired` replicas. */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? DefaultMaxSurge, desired, true) ?? 0;
  let unavailable = scaledValue(maxUnavailable ?? DefaultMaxUnavailable, desired, false) ?? 0;
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: V1Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d))[0];
}

export function maxUnavailable(d: V1Deployment): number {
  const want = replicasOf(d);
  if (!isRollingUpdate(d) || want === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const u = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, want)[1];
  return Math.min(u, want);
}

export function hasProgressDeadline(d: V1Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== 2147483647;
}
