// PodTopologySpread plugin: wires filtering (DoNotSchedule) and scoring (ScheduleAnyway).
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/types.js';
import { filterKey, filterNode, preFilter } from './filtering.js';
import { normalize, preScore, scoreKey, scoreNode } from './scoring.js';

export const NAME = 'PodTopologySpread';

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): Status {
    return preFilter(state, pod, snapshot);
  }

  filter(state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    const s = state.read(filterKey);
    if (!s) return Status.error(`reading ${filterKey.name} from cycle state: PreFilter did not run`);
    return filterNode(s, pod, node);
  }

  preScore(state: CycleState, pod: V1Pod, nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
    return preScore(state, pod, nodes, snapshot);
  }

  score(state: CycleState, _pod: V1Pod, node: NodeInfo): number {
    return scoreNode(state.read(scoreKey), node);
  }

  normalizeScores(state: CycleState, _pod: V1Pod, scores: NodeScore[]): void {
    normalize(state.read(scoreKey), scores);
  }
}

export function newPodTopologySpread(): PodTopologySpread {
  return new PodTopologySpread();
}
