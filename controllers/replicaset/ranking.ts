// Which pods a ReplicaSet deletes first when scaling down (controller.ActivePodsWithRanks):
// unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; lower
// pod-deletion-cost first; more pods of the same owner on the node first; ready for less time
// first; more restarts first; newer first.
import type { V1Pod } from '@kubernetes/client-node';
import { toMillis } from '../../apimachinery/controller/index.js';
import { isPodReady, podCondition, restartCount } from '../util/index.js';

export const PodDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: V1Pod): number {
  const v = Number.parseInt(p.metadata?.annotations?.[PodDeletionCostAnnotation] ?? '', 10);
  return Number.isFinite(v) ? v : 0;
}

/** Negative when `a` should be deleted before `b`. `rank` = related pods on the same node. */
export function compareForDeletion(a: V1Pod, b: V1Pod, rank: (p: V1Pod) => number): number {
  const aNode = a.spec?.nodeName ?? '';
  const bNode = b.spec?.nodeName ?? '';
  if ((aNode === '') !== (bNode === '')) return aNode === '' ? -1 : 1;
  const aPhase = phaseRank[a.status?.phase ?? 'Pending'] ?? 0;
  const bPhase = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
  if (aPhase !== bPhase) return aPhase - bPhase;
  const aReady = isPodReady(a);
  const bReady = isPodReady(b);
  if (aReady !== bReady) return aReady ? 1 : -1;
  const aCost = deletionCost(a);
  const bCost = deletionCost(b);
  if (aCost !== bCost) return aCost - bCost;
  const aRank = rank(a);
  const bRank = rank(b);
  if (aRank !== bRank) return bRank - aRank;
  if (aReady && bReady) {
    const aSince = toMillis(podCondition(a, 'Ready')?.lastTransitionTime) ?? Number.MAX_SAFE_INTEGER;
    const bSince = toMillis(podCondition(b, 'Ready')?.lastTransitionTime) ?? Number.MAX_SAFE_INTEGER;
    if (aSince !== bSince) return bSince - aSince; // became ready later → shorter time ready → first
  }
  const aRestarts = restartCount(a);
  const bRestarts = restartCount(b);
  if (aRestarts !== bRestarts) return bRestarts - aRestarts;
  const aCreated = toMillis(a.metadata?.creationTimestamp) ?? Number.MAX_SAFE_INTEGER;
  const bCreated = toMillis(b.metadata?.creationTimestamp) ?? Number.MAX_SAFE_INTEGER;
  return bCreated - aCreated;
}

/**
 * The `n` pods to delete out of `pods`. `related` are the active pods of all ReplicaSets of the
 * same owner (a Deployment's RSs), used to spread deletions across nodes.
 */
export function podsToDelete(pods: V1Pod[], related: V1Pod[], n: number): V1Pod[] {
  if (n >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: V1Pod): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank)).slice(0, n);
}
