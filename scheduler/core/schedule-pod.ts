// The scheduling algorithm for one pod (no I/O): PreFilter, Filter over the nodes (round-robin start,
// stopping early on big clusters like percentageOfNodesToScore), PreScore/Score, and host selection
// with a random tie-break. Returns an outcome value; "no fit" is not an exception.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../cache/node-info.js';
import { newPodInfo, podKey, podPriority } from '../cache/pod-info.js';
import type { Snapshot } from '../cache/snapshot.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Framework, ScoreResult } from '../framework/framework.js';
import { Code, Status } from '../framework/status.js';
import type { Nominator } from '../framework/types.js';
import type { NodeScores } from '../explain/types.js';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE = 5;
export const MAX_SCORES_KEPT = 50;

export interface Diagnosis {
  nodeToStatus: Map<string, Status>;
  /** PreFilter rejection (applies to every node). */
  preFilterStatus?: Status;
  unschedulablePlugins: Set<string>;
}

export type ScheduleOutcome =
  /** `scores()` builds the best-scored nodes for explanations on demand (off the hot path when unused). */
  | { kind: 'fit'; node: string; evaluated: number; feasible: number; scores: () => NodeScores[]; diagnosis: Diagnosis }
  | { kind: 'unfit'; numAllNodes: number; evaluated: number; diagnosis: Diagnosis }
  | { kind: 'error'; status: Status; diagnosis: Diagnosis };

/** The `keep` best-scored nodes, highest first, with each plugin's part (what explanations show). */
function topScores(nodes: readonly NodeInfo[], sr: ScoreResult, keep: number): NodeScores[] {
  const order = Array.from(nodes.keys()).sort((a, b) => sr.totals[b]! - sr.totals[a]!).slice(0, keep);
  return order.map((i) => {
    const plugins: Record<string, number> = {};
    for (const p of sr.perPlugin) plugins[p.plugin] = p.scores[i]!;
    return { node: nodes[i]!.name, total: sr.totals[i]!, plugins };
  });
}

/** How many feasible nodes to look for before stopping (kube-scheduler's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentage: number, numAll: number): number {
  if (numAll < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAll;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(50 - Math.trunc(numAll / 125), MIN_FEASIBLE_NODES_PERCENTAGE);
  const n = Math.trunc((numAll * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

export interface AlgorithmOptions {
  percentageOfNodesToScore?: number;
  random?: () => number;
  nominator?: Nominator;
}

export class PodScheduler {
  private nextStartNodeIndex = 0;
  private readonly pct: number;
  private readonly random: () => number;
  private readonly nominator?: Nominator;

  constructor(opts: AlgorithmOptions = {}) {
    this.pct = opts.percentageOfNodesToScore ?? 0;
    this.random = opts.random ?? Math.random;
    this.nominator = opts.nominator;
  }

  schedulePod(fw: Framework, state: CycleState, pod: V1Pod, snapshot: Snapshot): ScheduleOutcome {
    const diagnosis: Diagnosis = { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
    const all = snapshot.list;
    const pre = fw.runPreFilter(state, pod, snapshot);
    if (!pre.status.isSuccess()) {
      if (pre.status.code === Code.Error) return { kind: 'error', status: pre.status, diagnosis };
      diagnosis.preFilterStatus = pre.status;
      if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
      for (const n of all) diagnosis.nodeToStatus.set(n.name, pre.status);
      return { kind: 'unfit', numAllNodes: all.length, evaluated: 0, diagnosis };
    }
    let nodes = all;
    if (pre.nodeNames) {
      const absent = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${(pre.narrowedBy ?? []).join(' ')}]`);
      nodes = all.filter((n) => pre.nodeNames!.has(n.name));
      for (const n of all) if (!pre.nodeNames.has(n.name)) diagnosis.nodeToStatus.set(n.name, absent);
      for (const p of pre.narrowedBy ?? []) diagnosis.unschedulablePlugins.add(p);
    }

    const found = this.findFeasible(fw, state, pod, nodes, diagnosis);
    if ('status' in found) return { kind: 'error', status: found.status, diagnosis };
    const { feasible, evaluated } = found;
    if (feasible.length === 0) return { kind: 'unfit', numAllNodes: all.length, evaluated, diagnosis };
    if (feasible.length === 1) return { kind: 'fit', node: feasible[0]!.name, evaluated, feasible: 1, scores: () => [], diagnosis };

    const ps = fw.runPreScore(state, pod, feasible, snapshot);
    if (!ps.isSuccess()) return { kind: 'error', status: ps, diagnosis };
    const sr = fw.runScore(state, pod, feasible);
    if (sr instanceof Status) return { kind: 'error', status: sr, diagnosis };
    const node = feasible[this.selectBest(sr.totals)]!.name;
    return { kind: 'fit', node, evaluated, feasible: feasible.length, scores: () => topScores(feasible, sr, MAX_SCORES_KEPT), diagnosis };
  }

  /** Index of the highest total; ties are broken uniformly at random (reservoir sampling). */
  selectBest(totals: ArrayLike<number>): number {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i]! > totals[best]!) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = i;
      }
    }
    return best;
  }

  /** Highest total wins; ties are broken uniformly at random (reservoir sampling). */
  selectHost(scores: readonly NodeScores[]): string {
    let best = scores[0]!;
    let ties = 1;
    for (let i = 1; i < scores.length; i++) {
      const s = scores[i]!;
      if (s.total > best.total) {
        best = s;
        ties = 1;
      } else if (s.total === best.total) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = s;
      }
    }
    return best.node;
  }

  private findFeasible(
    fw: Framework,
    state: CycleState,
    pod: V1Pod,
    nodes: readonly NodeInfo[],
    diagnosis: Diagnosis,
  ): { feasible: NodeInfo[]; evaluated: number } | { status: Status } {
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = nodes.find((n) => n.name === nominated);
      if (ni) {
        const st = this.filterWithNominated(fw, state, pod, ni);
        if (st.code === Code.Error) return { status: st };
        if (st.isSuccess()) return { feasible: [ni], evaluated: 1 };
      }
    }
    const n = nodes.length;
    const want = numFeasibleNodesToFind(this.pct, n);
    const feasible: NodeInfo[] = [];
    const start = n === 0 ? 0 : this.nextStartNodeIndex % n;
    let evaluated = 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const ni = nodes[(start + i) % n]!;
      evaluated++;
      const st = this.filterWithNominated(fw, state, pod, ni);
      if (st.isSuccess()) {
        feasible.push(ni);
      } else if (st.code === Code.Error) {
        return { status: st };
      } else {
        diagnosis.nodeToStatus.set(ni.name, st);
        if (st.plugin) diagnosis.unschedulablePlugins.add(st.plugin);
      }
    }
    this.nextStartNodeIndex = n === 0 ? 0 : (start + evaluated) % n;
    return { feasible, evaluated };
  }

  /**
   * Filters `ni` as is and, when pods of at least this priority are nominated to it (room made by
   * preemption), also with those pods added, so lower-priority pods can't take that room.
   */
  private filterWithNominated(fw: Framework, state: CycleState, pod: V1Pod, ni: NodeInfo): Status {
    const prio = podPriority(pod);
    const key = podKey(pod);
    const others = (this.nominator?.nominatedPodsForNode(ni.name) ?? []).filter((p) => podKey(p) !== key && podPriority(p) >= prio);
    if (others.length > 0) {
      const withNominated = ni.clone();
      for (const p of others) withNominated.addPod(newPodInfo(p));
      const st = fw.runFilter(state.clone(), pod, withNominated);
      if (!st.isSuccess()) return st;
    }
    return fw.runFilter(state, pod, ni);
  }
}
