// The compact explanation written to the pod annotation on failure (so a CLI can print it without
// reaching the scheduler). Deterministic for the same verdicts, so a retry that fails the same way
// doesn't rewrite the pod.
import type { Attempt } from './types.js';

export const EXPLAIN_ANNOTATION = 'scheduler.k8ts.io/explain';
export const MAX_ANNOTATED_NODES = 20;

export interface CompactExplanation {
  result: string;
  message?: string;
  /** node → "Plugin: reason, reason". */
  nodes: Record<string, string>;
  /** Rejected nodes left out of `nodes`. */
  more?: number;
  preemption?: string;
}

export function compact(a: Attempt, maxNodes = MAX_ANNOTATED_NODES): CompactExplanation {
  const nodes: Record<string, string> = {};
  const sorted = [...a.filtered].sort((x, y) => (x.node < y.node ? -1 : x.node > y.node ? 1 : 0));
  for (const v of sorted.slice(0, maxNodes)) nodes[v.node] = `${v.plugin}: ${v.reasons.join(', ')}`;
  const out: CompactExplanation = { result: a.result, message: a.message, nodes };
  if (sorted.length > maxNodes) out.more = sorted.length - maxNodes;
  if (a.postFilter) out.preemption = a.postFilter;
  return out;
}

export function compactString(a: Attempt): string {
  return JSON.stringify(compact(a));
}
