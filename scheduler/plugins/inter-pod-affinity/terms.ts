// Pod (anti-)affinity terms compiled for matching: which pods a term selects (labelSelector within
// namespaces / namespaceSelector) and the topology key that defines "together".
import type { V1Pod, V1PodAffinityTerm, V1WeightedPodAffinityTerm } from '@kubernetes/client-node';
import type { NamespaceLister } from '../../framework/types.js';
import { fromLabelSelector, type Selector } from '../../util/labels.js';

export interface AffinityTerm {
  selector: Selector;
  namespaces: ReadonlySet<string>;
  /** Present when the term has a namespaceSelector ({} selects every namespace). */
  nsSelector?: Selector;
  topologyKey: string;
  weight: number;
}

export function compileTerm(t: V1PodAffinityTerm, owner: V1Pod, weight = 1): AffinityTerm {
  const ns = new Set(t.namespaces ?? []);
  if (ns.size === 0 && !t.namespaceSelector) ns.add(owner.metadata?.namespace ?? '');
  return {
    selector: fromLabelSelector(t.labelSelector),
    namespaces: ns,
    nsSelector: t.namespaceSelector ? fromLabelSelector(t.namespaceSelector) : undefined,
    topologyKey: t.topologyKey,
    weight,
  };
}

export function compileWeighted(ts: readonly V1WeightedPodAffinityTerm[] | undefined, owner: V1Pod): AffinityTerm[] {
  return (ts ?? []).map((w) => compileTerm(w.podAffinityTerm, owner, w.weight));
}

export function compileRequired(ts: readonly V1PodAffinityTerm[] | undefined, owner: V1Pod): AffinityTerm[] {
  return (ts ?? []).map((t) => compileTerm(t, owner));
}

export function termMatchesPod(term: AffinityTerm, pod: V1Pod, nsl: NamespaceLister): boolean {
  const ns = pod.metadata?.namespace ?? '';
  const nsOk = term.namespaces.has(ns) || (term.nsSelector !== undefined && term.nsSelector.matches(nsl.labels(ns)));
  return nsOk && term.selector.matches(pod.metadata?.labels);
}

export function matchesAllTerms(terms: readonly AffinityTerm[], pod: V1Pod, nsl: NamespaceLister): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => termMatchesPod(t, pod, nsl));
}

export interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
}

export function podTerms(pod: V1Pod): PodTerms {
  const a = pod.spec?.affinity;
  return {
    requiredAffinity: compileRequired(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pod),
    requiredAntiAffinity: compileRequired(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pod),
    preferredAffinity: compileWeighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, pod),
    preferredAntiAffinity: compileWeighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, pod),
  };
}

/** Counts per topology pair, keyed "key\u0000value". */
export type TopologyCounts = Map<string, number>;

export function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

export function bump(m: TopologyCounts, labels: Record<string, string>, key: string, by: number): void {
  const v = labels[key];
  if (v === undefined) return;
  const k = pairKey(key, v);
  m.set(k, (m.get(k) ?? 0) + by);
}
