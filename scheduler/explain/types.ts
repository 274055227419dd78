// What an explanation of one scheduling attempt holds: per-node filter verdicts and per-plugin scores.

export interface NodeVerdict {
  node: string;
  plugin: string;
  code: string;
  reasons: readonly string[];
}

export interface NodeScores {
  node: string;
  total: number;
  /** Weighted, normalised score per plugin. */
  plugins: Record<string, number>;
}

export type AttemptResult = 'Scheduled' | 'Unschedulable' | 'Error' | 'BindError';

export interface Attempt {
  /** `namespace/name`. */
  pod: string;
  uid?: string;
  schedulerName: string;
  cycle: number;
  attempt: number;
  time: string;
  durationMs: number;
  result: AttemptResult;
  node?: string;
  nominatedNode?: string;
  message?: string;
  numNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** The PreFilter rejection, when the pod failed there. */
  preFilter?: { plugin: string; code: string; reasons: readonly string[] };
  /** Nodes rejected by a filter (plugin + reasons). */
  filtered: NodeVerdict[];
  /** Scores of feasible nodes, best first (capped). */
  scores: NodeScores[];
  /** The PostFilter (preemption) outcome message. */
  postFilter?: string;
}
