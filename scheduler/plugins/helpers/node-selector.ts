// Node selector terms (nodeSelector map, required node affinity, preferred terms): terms are ORed,
// the requirements inside a term ANDed; an empty term matches nothing. Operators In, NotIn, Exists,
// DoesNotExist, Gt, Lt on labels; matchFields supports metadata.name with In / NotIn.
import type { V1Node, V1NodeSelectorRequirement, V1NodeSelectorTerm, V1Pod } from '@kubernetes/client-node';
import { matchesMap } from '../../util/labels.js';

function parseIntStrict(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  return Number(s);
}

export function requirementMatches(r: V1NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v!);
    case 'NotIn':
      return !has || !values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const lv = parseIntStrict(v);
      const rv = parseIntStrict(values[0]);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === 'Gt' ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

function fieldMatches(r: V1NodeSelectorRequirement, node: V1Node): boolean {
  if (r.key !== 'metadata.name') return false;
  const name = node.metadata?.name ?? '';
  const values = r.values ?? [];
  if (r.operator === 'In') return values.includes(name);
  if (r.operator === 'NotIn') return !values.includes(name);
  return false;
}

export function termMatches(term: V1NodeSelectorTerm, node: V1Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!requirementMatches(r, labels)) return false;
  for (const r of fields) if (!fieldMatches(r, node)) return false;
  return true;
}

export function anyTermMatches(terms: readonly V1NodeSelectorTerm[], node: V1Node): boolean {
  return terms.some((t) => termMatches(t, node));
}

/** pod.spec.nodeSelector and required node affinity both hold for `node`. */
export function requiredNodeAffinityMatches(pod: V1Pod, node: V1Node): boolean {
  if (!matchesMap(pod.spec?.nodeSelector, node.metadata?.labels)) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req) return true;
  return anyTermMatches(req.nodeSelectorTerms ?? [], node);
}
