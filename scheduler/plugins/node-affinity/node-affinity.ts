// NodeAffinity: pod.spec.nodeSelector and required node affinity filter nodes; preferred terms add
// their weights to a node's score. A required affinity naming nodes by metadata.name narrows the
// nodes to filter at PreFilter.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin, NodeScore, PreFilterPlugin, PreFilterResult, ScorePlugin } from '../../framework/types.js';
import { requiredNodeAffinityMatches, termMatches } from '../helpers/node-selector.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/** Node names a term pins the pod to (matchFields metadata.name In), or undefined if unpinned. */
function pinnedNames(pod: V1Pod): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const out = new Set<string>();
  for (const t of terms) {
    const r = (t.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In');
    if (!r) return undefined; // some term can match any node
    for (const v of r.values ?? []) out.add(v);
  }
  return out;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(_state: CycleState, pod: V1Pod): PreFilterResult {
    const hasSelector = Object.keys(pod.spec?.nodeSelector ?? {}).length > 0;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!hasSelector && !req) return { status: Status.skip() };
    const names = pinnedNames(pod);
    return names ? { status: Status.success(), nodeNames: names } : { status: Status.success() };
  }

  filter(_state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    if (!node.node) return Status.unresolvable('node not found');
    return requiredNodeAffinityMatches(pod, node.node) ? Status.success() : Status.unresolvable(ERR_REASON_POD);
  }

  score(_state: CycleState, pod: V1Pod, node: NodeInfo): number {
    const prefs = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    let total = 0;
    for (const p of prefs) {
      if (p.weight !== 0 && node.node && termMatches(p.preference, node.node)) total += p.weight;
    }
    return total;
  }

  normalizeScores(_state: CycleState, _pod: V1Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, false);
  }
}

export function newNodeAffinity(): NodeAffinity {
  return new NodeAffinity();
}
