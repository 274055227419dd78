// Toleration/taint matching (v1helper.TolerationsTolerateTaint): an empty toleration key with
// Exists matches every taint; an empty effect matches every effect; Exists ignores the value.
import type { V1Taint, V1Toleration } from '@kubernetes/client-node';

export function tolerates(t: V1Toleration, taint: V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return !!t.key && (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerated(taint: V1Taint, tolerations: readonly V1Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** The first taint passing `include` that no toleration covers. */
export function findUntoleratedTaint(
  taints: readonly V1Taint[] | undefined,
  tolerations: readonly V1Toleration[] | undefined,
  include: (t: V1Taint) => boolean,
): V1Taint | undefined {
  for (const taint of taints ?? []) {
    if (include(taint) && !tolerated(taint, tolerations)) return taint;
  }
  return undefined;
}
