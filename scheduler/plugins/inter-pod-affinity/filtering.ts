// InterPodAffinity, filtering half: required affinity (some matching pod in the node's topology
// domain), required anti-affinity (none there), and the existing pods' required anti-affinity
// against the incoming pod.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { NamespaceLister } from '../../framework/types.js';
import {
  bump, compileRequired, matchesAllTerms, pairKey, podTerms, termMatchesPod, type AffinityTerm, type TopologyCounts,
} from './terms.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

export interface FilterState {
  affinityTerms: AffinityTerm[];
  antiAffinityTerms: AffinityTerm[];
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
  existingAntiAffinityCounts: TopologyCounts;
  podMatchesOwnAffinity: boolean;
}

export const filterKey = stateKey<FilterState>('PreFilterInterPodAffinity');

export function computeFilterState(pod: V1Pod, snapshot: Snapshot, nsl: NamespaceLister): FilterState | undefined {
  const t = podTerms(pod);
  if (t.requiredAffinity.length === 0 && t.requiredAntiAffinity.length === 0 && snapshot.havePodsWithRequiredAntiAffinity.length === 0) {
    return undefined;
  }
  const existingAntiAffinityCounts: TopologyCounts = new Map();
  for (const ni of snapshot.havePodsWithRequiredAntiAffinity) {
    for (const pi of ni.podsWithRequiredAntiAffinity) {
      const terms = compileRequired(pi.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pi.pod);
      for (const term of terms) if (termMatchesPod(term, pod, nsl)) bump(existingAntiAffinityCounts, ni.labels, term.topologyKey, 1);
    }
  }
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  if (t.requiredAffinity.length > 0 || t.requiredAntiAffinity.length > 0) {
    for (const ni of snapshot.list) {
      for (const pi of ni.pods) {
        if (t.requiredAffinity.length > 0 && matchesAllTerms(t.requiredAffinity, pi.pod, nsl)) {
          for (const term of t.requiredAffinity) bump(affinityCounts, ni.labels, term.topologyKey, 1);
        }
        for (const term of t.requiredAntiAffinity) {
          if (termMatchesPod(term, pi.pod, nsl)) bump(antiAffinityCounts, ni.labels, term.topologyKey, 1);
        }
      }
    }
  }
  return {
    affinityTerms: t.requiredAffinity,
    antiAffinityTerms: t.requiredAntiAffinity,
    affinityCounts,
    antiAffinityCounts,
    existingAntiAffinityCounts,
    podMatchesOwnAffinity: matchesAllTerms(t.requiredAffinity, pod, nsl),
  };
}

function satisfiesAffinity(s: FilterState, labels: Record<string, string>): boolean {
  let podsExist = true;
  for (const term of s.affinityTerms) {
    const v = labels[term.topologyKey];
    if (v === undefined) return false;
    if ((s.affinityCounts.get(pairKey(term.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere the topology keys exist.
  return s.affinityCounts.size === 0 && s.podMatchesOwnAffinity;
}

function satisfiesAntiAffinity(s: FilterState, labels: Record<string, string>): boolean {
  for (const term of s.antiAffinityTerms) {
    const v = labels[term.topologyKey];
    if (v !== undefined && (s.antiAffinityCounts.get(pairKey(term.topologyKey, v)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfiesExistingAntiAffinity(s: FilterState, labels: Record<string, string>): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const [k, v] of Object.entries(labels)) {
    if ((s.existingAntiAffinityCounts.get(pairKey(k, v)) ?? 0) > 0) return false;
  }
  return true;
}

export function filterNode(s: FilterState, node: NodeInfo): Status {
  const labels = node.labels;
  if (!satisfiesAffinity(s, labels)) return Status.unresolvable(ERR_AFFINITY);
  if (!satisfiesAntiAffinity(s, labels)) return Status.unschedulable(ERR_ANTI_AFFINITY);
  if (!satisfiesExistingAntiAffinity(s, labels)) return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY);
  return Status.success();
}

export function preFilter(state: CycleState, pod: V1Pod, snapshot: Snapshot, nsl: NamespaceLister): Status {
  const s = computeFilterState(pod, snapshot, nsl);
  if (!s) return Status.skip();
  state.write(filterKey, s);
  return Status.success();
}
