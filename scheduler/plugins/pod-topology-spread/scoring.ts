// PodTopologySpread scoring (whenUnsatisfiable: ScheduleAnyway): nodes in domains with fewer matching
// pods score higher. Raw score = Σ count·log(domains+2) + maxSkew−1; normalised so the emptiest
// domain gets 100. Nodes missing a topology key score 0.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/types.js';
import { compileConstraints, countMatching, hasAllKeys, HOSTNAME_KEY, nodeCounts, type Constraint } from './common.js';

export interface ScoreState {
  constraints: Constraint[];
  namespace: string;
  /** Per constraint: topology value → matching pods (only values present among filtered nodes). */
  counts: Map<string, number>[];
  weights: number[];
  ignored: Set<string>;
}

export const scoreKey = stateKey<ScoreState>('PreScorePodTopologySpread');

export function preScore(state: CycleState, pod: V1Pod, filtered: readonly NodeInfo[], snapshot: Snapshot): Status {
  const constraints = compileConstraints(pod, 'ScheduleAnyway');
  if (constraints.length === 0) return Status.skip();
  const namespace = pod.metadata?.namespace ?? '';
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  let eligible = 0;
  for (const ni of filtered) {
    if (!hasAllKeys(ni, constraints)) {
      ignored.add(ni.name);
      continue;
    }
    eligible++;
    constraints.forEach((c, i) => {
      if (c.topologyKey !== HOSTNAME_KEY) counts[i]!.set(ni.labels[c.topologyKey]!, 0);
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME_KEY ? eligible : counts[i]!.size) + 2));
  for (const ni of snapshot.list) {
    if (!hasAllKeys(ni, constraints)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME_KEY || !nodeCounts(c, pod, ni)) return;
      const v = ni.labels[c.topologyKey]!;
      const m = counts[i]!;
      if (m.has(v)) m.set(v, m.get(v)! + countMatching(ni, c.selector, namespace));
    });
  }
  state.write(scoreKey, { constraints, namespace, counts, weights, ignored });
  return Status.success();
}

export function scoreNode(s: ScoreState | undefined, node: NodeInfo): number {
  if (!s || s.ignored.has(node.name)) return 0;
  let score = 0;
  s.constraints.forEach((c, i) => {
    const v = node.labels[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === HOSTNAME_KEY ? countMatching(node, c.selector, s.namespace) : s.counts[i]!.get(v) ?? 0;
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

export function normalize(s: ScoreState | undefined, scores: NodeScore[]): void {
  if (!s) return;
  let min = Infinity;
  let max = 0;
  for (const x of scores) {
    if (s.ignored.has(x.node)) continue;
    if (x.score < min) min = x.score;
    if (x.score > max) max = x.score;
  }
  for (const x of scores) {
    if (s.ignored.has(x.node)) {
      x.score = 0;
    } else if (max === 0) {
      x.score = MAX_NODE_SCORE;
    } else {
      x.score = Math.trunc((MAX_NODE_SCORE * (max + min - x.score)) / max);
    }
  }
}
