// InterPodAffinity plugin: wires the filtering and scoring halves to the extension points.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  FilterPlugin, Handle, NamespaceLister, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from '../../framework/types.js';
import { computeFilterState, filterKey, filterNode, preFilter } from './filtering.js';
import { normalize, preScore, scoreKey, scoreNode } from './scoring.js';

export const NAME = 'InterPodAffinity';

export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly hardWeight: number;

  constructor(
    private readonly nsl: NamespaceLister,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardWeight = args.hardPodAffinityWeight ?? 1;
  }

  preFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): Status {
    return preFilter(state, pod, snapshot, this.nsl);
  }

  filter(state: CycleState, _pod: V1Pod, node: NodeInfo): Status {
    const s = state.read(filterKey);
    if (!s) return Status.error(`reading ${filterKey.name} from cycle state: PreFilter did not run`);
    return filterNode(s, node);
  }

  preScore(state: CycleState, pod: V1Pod, _nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
    return preScore(state, pod, snapshot, this.nsl, this.hardWeight);
  }

  score(state: CycleState, _pod: V1Pod, node: NodeInfo): number {
    return scoreNode(state.read(scoreKey), node);
  }

  normalizeScores(_state: CycleState, _pod: V1Pod, scores: NodeScore[]): void {
    normalize(scores);
  }
}

export { computeFilterState };

export function newInterPodAffinity(args: unknown, handle: Handle): InterPodAffinity {
  return new InterPodAffinity(handle.namespaces, (args ?? {}) as InterPodAffinityArgs);
}
