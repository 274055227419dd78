// PodTopologySpread shared parts: compiled constraints, which nodes count (nodeAffinityPolicy /
// nodeTaintsPolicy), and counting the matching pods on a node.
import type { V1LabelSelector, V1Pod, V1TopologySpreadConstraint } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { fromLabelSelector, type Selector } from '../../util/labels.js';
import { requiredNodeAffinityMatches } from '../helpers/node-selector.js';
import { findUntoleratedTaint } from '../helpers/taints.js';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

function withMatchLabelKeys(sel: V1LabelSelector | undefined, keys: readonly string[] | undefined, pod: V1Pod): V1LabelSelector | undefined {
  if (!sel || !keys || keys.length === 0) return sel;
  const labels = pod.metadata?.labels ?? {};
  const extra = keys.filter((k) => labels[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [labels[k]!] }));
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

export function compileConstraints(pod: V1Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const out: Constraint[] = [];
  for (const c of (pod.spec?.topologySpreadConstraints ?? []) as V1TopologySpreadConstraint[]) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: fromLabelSelector(withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, pod)),
      minDomains: c.minDomains ?? 1,
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    });
  }
  return out;
}

export function hasAllKeys(node: NodeInfo, cs: readonly Constraint[]): boolean {
  const labels = node.labels;
  return cs.every((c) => labels[c.topologyKey] !== undefined);
}

/** Whether `node`'s pods count towards constraint `c` for `pod` (node inclusion policies). */
export function nodeCounts(c: Constraint, pod: V1Pod, node: NodeInfo): boolean {
  if (!node.node) return false;
  if (c.honorAffinity && !requiredNodeAffinityMatches(pod, node.node)) return false;
  if (c.honorTaints) {
    const t = findUntoleratedTaint(node.node.spec?.taints, pod.spec?.tolerations, (x) => x.effect === 'NoSchedule' || x.effect === 'NoExecute');
    if (t) return false;
  }
  return true;
}

/** Pods on `node` in `namespace` matched by `sel`, not being deleted. */
export function countMatching(node: NodeInfo, sel: Selector, namespace: string): number {
  let n = 0;
  for (const pi of node.pods) {
    const p = pi.pod;
    if (p.metadata?.deletionTimestamp) continue;
    if ((p.metadata?.namespace ?? '') !== namespace) continue;
    if (sel.matches(p.metadata?.labels)) n++;
  }
  return n;
}
