// TaintToleration: NoSchedule / NoExecute taints the pod doesn't tolerate rule the node out;
// PreferNoSchedule taints it doesn't tolerate lower the node's score (fewer is better).
import type { V1Pod, V1Toleration } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/types.js';
import { findUntoleratedTaint, tolerated } from '../helpers/taints.js';

export const NAME = 'TaintToleration';

const preScoreKey = stateKey<V1Toleration[]>('PreScore' + NAME);

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    const taint = findUntoleratedTaint(
      node.node?.spec?.taints,
      pod.spec?.tolerations,
      (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
    );
    if (!taint) return Status.success();
    return Status.unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: V1Pod): Status {
    const tols = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(preScoreKey, tols);
    return Status.success();
  }

  score(state: CycleState, pod: V1Pod, node: NodeInfo): number {
    const tols = state.read(preScoreKey) ?? pod.spec?.tolerations ?? [];
    let n = 0;
    for (const taint of node.node?.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !tolerated(taint, tols)) n++;
    }
    return n;
  }

  normalizeScores(_state: CycleState, _pod: V1Pod, scores: NodeScore[]): void {
    defaultNormalizeScore(scores, true);
  }
}

export function newTaintToleration(): TaintToleration {
  return new TaintToleration();
}
