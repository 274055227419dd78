// NodeResourcesBalancedAllocation: prefers nodes whose resource usage fractions stay close to each
// other after placing the pod: score = (1 - standard deviation of the fractions) * 100.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { podRequests } from '../../cache/resources.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/types.js';
import { allocatableAndRequested, DEFAULT_RESOURCES, type PodRequestFigures, type ResourceWeight } from './scoring.js';

export const NAME = 'NodeResourcesBalancedAllocation';

const key = stateKey<PodRequestFigures>('PreScore' + NAME);

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  constructor(private readonly resources: ResourceWeight[] = DEFAULT_RESOURCES) {}

  preScore(state: CycleState, pod: V1Pod): Status {
    state.write(key, { requests: podRequests(pod), nonZero: podRequests(pod, { nonZero: true }) });
    return Status.success();
  }

  score(state: CycleState, pod: V1Pod, node: NodeInfo): number {
    const figs = state.read(key) ?? { requests: podRequests(pod), nonZero: podRequests(pod, { nonZero: true }) };
    const fractions: number[] = [];
    for (const { name } of this.resources) {
      const ar = allocatableAndRequested(name, figs, node, false);
      if (!ar) continue;
      fractions.push(Math.min(ar[1] / ar[0], 1));
    }
    let std = 0;
    if (fractions.length === 2) {
      std = Math.abs(fractions[0]! - fractions[1]!) / 2;
    } else if (fractions.length > 2) {
      const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
      std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
    }
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

export function newBalancedAllocation(args: unknown): BalancedAllocation {
  const a = (args ?? {}) as { resources?: ResourceWeight[] };
  return new BalancedAllocation(a.resources && a.resources.length > 0 ? a.resources : DEFAULT_RESOURCES);
}
