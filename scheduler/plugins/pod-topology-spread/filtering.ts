// PodTopologySpread filtering (whenUnsatisfiable: DoNotSchedule): placing the pod on a node must not
// push its domain more than maxSkew above the least-loaded eligible domain (0 when fewer than
// minDomains domains exist).
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import { compileConstraints, countMatching, hasAllKeys, nodeCounts, type Constraint } from './common.js';

export const ERR_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

export interface FilterState {
  constraints: Constraint[];
  /** Per constraint: topology value → matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the global minimum used for skew. */
  minMatch: number[];
}

export const filterKey = stateKey<FilterState>('PreFilterPodTopologySpread');

export function computeFilterState(pod: V1Pod, snapshot: Snapshot): FilterState | undefined {
  const constraints = compileConstraints(pod, 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const ns = pod.metadata?.namespace ?? '';
  const counts = constraints.map(() => new Map<string, number>());
  for (const ni of snapshot.list) {
    if (!hasAllKeys(ni, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!nodeCounts(c, pod, ni)) return;
      const v = ni.labels[c.topologyKey]!;
      counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(ni, c.selector, ns));
    });
  }
  const minMatch = constraints.map((c, i) => {
    const m = counts[i]!;
    if (m.size < c.minDomains) return 0;
    let min = Infinity;
    for (const n of m.values()) if (n < min) min = n;
    return min === Infinity ? 0 : min;
  });
  return { constraints, counts, minMatch };
}

export function filterNode(s: FilterState, pod: V1Pod, node: NodeInfo): Status {
  if (!hasAllKeys(node, s.constraints)) return Status.unresolvable(ERR_MISSING_LABEL);
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const v = node.labels[c.topologyKey]!;
    const self = c.selector.matches(pod.metadata?.labels) ? 1 : 0;
    const skew = (s.counts[i]!.get(v) ?? 0) + self - s.minMatch[i]!;
    if (skew > c.maxSkew) return Status.unschedulable(ERR_CONSTRAINTS);
  }
  return Status.success();
}

export function preFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot): Status {
  const s = computeFilterState(pod, snapshot);
  if (!s) return Status.skip();
  state.write(filterKey, s);
  return Status.success();
}
