// InterPodAffinity, scoring half: preferred (anti-)affinity of the incoming pod towards existing
// pods, and of existing pods towards it (their required affinity counts with hardPodAffinityWeight),
// summed per topology domain; normalised by min/max to 0..100.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import { MAX_NODE_SCORE, type NamespaceLister, type NodeScore } from '../../framework/types.js';
import { podTerms, termMatchesPod, type AffinityTerm } from './terms.js';

/** topologyKey → value → score. */
export type TopologyScore = Map<string, Map<string, number>>;

export const scoreKey = stateKey<TopologyScore>('PreScoreInterPodAffinity');

function add(ts: TopologyScore, labels: Record<string, string>, term: AffinityTerm, by: number): void {
  const v = labels[term.topologyKey];
  if (v === undefined || by === 0) return;
  let m = ts.get(term.topologyKey);
  if (!m) ts.set(term.topologyKey, (m = new Map()));
  m.set(v, (m.get(v) ?? 0) + by);
}

export function computeTopologyScore(pod: V1Pod, snapshot: Snapshot, nsl: NamespaceLister, hardPodAffinityWeight: number): TopologyScore {
  const t = podTerms(pod);
  const incomingHasPrefs = t.preferredAffinity.length > 0 || t.preferredAntiAffinity.length > 0;
  const nodes = incomingHasPrefs ? snapshot.list : snapshot.havePodsWithAffinity;
  const ts: TopologyScore = new Map();
  for (const ni of nodes) {
    const labels = ni.labels;
    const pods = incomingHasPrefs ? ni.pods : ni.podsWithAffinity;
    for (const pi of pods) {
      const existing = pi.pod;
      for (const term of t.preferredAffinity) if (termMatchesPod(term, existing, nsl)) add(ts, labels, term, term.weight);
      for (const term of t.preferredAntiAffinity) if (termMatchesPod(term, existing, nsl)) add(ts, labels, term, -term.weight);
      if (!pi.hasAffinity) continue;
      const et = podTerms(existing);
      if (hardPodAffinityWeight > 0) {
        for (const term of et.requiredAffinity) if (termMatchesPod(term, pod, nsl)) add(ts, labels, term, hardPodAffinityWeight);
      }
      for (const term of et.preferredAffinity) if (termMatchesPod(term, pod, nsl)) add(ts, labels, term, term.weight);
      for (const term of et.preferredAntiAffinity) if (termMatchesPod(term, pod, nsl)) add(ts, labels, term, -term.weight);
    }
  }
  return ts;
}

export function preScore(state: CycleState, pod: V1Pod, snapshot: Snapshot, nsl: NamespaceLister, hardWeight: number): Status {
  const ts = computeTopologyScore(pod, snapshot, nsl, hardWeight);
  if (ts.size === 0) return Status.skip();
  state.write(scoreKey, ts);
  return Status.success();
}

export function scoreNode(ts: TopologyScore | undefined, node: NodeInfo): number {
  if (!ts) return 0;
  let s = 0;
  const labels = node.labels;
  for (const [key, byValue] of ts) {
    const v = labels[key];
    if (v !== undefined) s += byValue.get(v) ?? 0;
  }
  return s;
}

export function normalize(scores: NodeScore[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
}
