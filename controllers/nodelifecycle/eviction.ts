// Taint-based eviction (the NoExecute taint manager): when must a pod on a node with NoExecute
// taints be deleted? Never if it tolerates them all without a limit; at once if one is not
// tolerated; otherwise at the earliest timeAdded + tolerationSeconds. Pods without any toleration
// for not-ready / unreachable get the DefaultTolerationSeconds admission default (300 s).
import type { V1Pod, V1Taint, V1Toleration } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';
import { NotReadyTaint, UnreachableTaint } from './health.js';

export function tolerates(t: V1Toleration, taint: V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (!t.key) return t.operator === 'Exists';
  if (t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** The pod's tolerations plus the admission defaults for not-ready / unreachable when missing. */
export function effectiveTolerations(pod: V1Pod, defaultSeconds: number): V1Toleration[] {
  const tols = [...(pod.spec?.tolerations ?? [])];
  for (const key of [NotReadyTaint, UnreachableTaint]) {
    const covered = tols.some((t) => tolerates(t, { key, effect: 'NoExecute' }));
    if (!covered) tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultSeconds });
  }
  return tols;
}

/**
 * When the pod must go (ms since epoch): undefined = never, otherwise a time (possibly in the past,
 * meaning now).
 */
export function evictionTime(pod: V1Pod, taints: V1Taint[], defaultSeconds: number, now: number): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  const tols = effectiveTolerations(pod, defaultSeconds);
  let at: number | undefined;
  for (const taint of noExecute) {
    const matching = tols.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return now;
    const limits = matching.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined && s !== null);
    if (limits.length < matching.length) continue; // one toleration without a limit: forever
    const seconds = Math.max(0, Math.min(...limits));
    const added = toMillis(taint.timeAdded) ?? now;
    const t = added + seconds * 1000;
    at = at === undefined ? t : Math.min(at, t);
  }
  return at;
}
