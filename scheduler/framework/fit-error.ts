// The FailedScheduling summary exactly as kube-scheduler 1.32 words it (framework.FitError.Error()):
//   "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't match Pod's node affinity/selector.
//    preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling."
// Reasons are counted per node, formatted "<count> <reason>" and sorted as strings; a PreFilter
// rejection replaces the per-node histogram; the PostFilter (preemption) message is appended.
import type { Status } from './status.js';

export const NO_NODE_AVAILABLE = (n: number): string => `0/${n} nodes are available`;
export const ERR_NO_NODES = 'no nodes available to schedule pods';

export interface FitErrorInput {
  numAllNodes: number;
  nodeToStatus: ReadonlyMap<string, Status>;
  /** When PreFilter rejected the pod: its message (the per-node histogram is then left out). */
  preFilterMsg?: string;
  /** The PostFilter (preemption) status message, e.g. "preemption: 0/3 nodes are available: …". */
  postFilterMsg?: string;
}

/** "<count> <reason>" entries, sorted as strings (Go's sort.Strings). */
export function reasonHistogram(nodeToStatus: ReadonlyMap<string, Status>): string[] {
  const counts = new Map<string, number>();
  for (const st of nodeToStatus.values()) {
    for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const out = [...counts].map(([r, n]) => `${n} ${r}`);
  out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}

export function fitErrorMessage(f: FitErrorInput): string {
  let msg = NO_NODE_AVAILABLE(f.numAllNodes) + ':';
  if (f.preFilterMsg) {
    msg += ` ${f.preFilterMsg}.`;
  } else {
    const h = reasonHistogram(f.nodeToStatus);
    if (h.length > 0) msg += ` ${h.join(', ')}.`;
  }
  if (f.postFilterMsg) msg += ` ${f.postFilterMsg}`;
  return msg;
}
