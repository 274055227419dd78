// Builds the explanation record of an attempt from the algorithm's diagnosis.
import type { V1Pod } from '@kubernetes/client-node';
import { podKey } from '../cache/pod-info.js';
import type { Attempt, AttemptResult, NodeScores, NodeVerdict } from '../explain/types.js';
import type { Diagnosis } from './schedule-pod.js';

export interface AttemptFacts {
  pod: V1Pod;
  schedulerName: string;
  cycle: number;
  attempt: number;
  start: number;
  end: number;
  result: AttemptResult;
  numNodes: number;
  evaluated: number;
  feasible: number;
  diagnosis?: Diagnosis;
  /** Or a function computing them, called only when the attempt is recorded. */
  scores?: NodeScores[] | (() => NodeScores[]);
  node?: string;
  nominatedNode?: string;
  message?: string;
  postFilter?: string;
}

export function buildAttempt(f: AttemptFacts): Attempt {
  const filtered: NodeVerdict[] = [];
  const pre = f.diagnosis?.preFilterStatus;
  if (f.diagnosis && !pre) {
    for (const [node, st] of f.diagnosis.nodeToStatus) {
      filtered.push({ node, plugin: st.plugin ?? '', code: st.code, reasons: st.reasons });
    }
  }
  return {
    pod: podKey(f.pod),
    uid: f.pod.metadata?.uid,
    schedulerName: f.schedulerName,
    cycle: f.cycle,
    attempt: f.attempt,
    time: new Date(f.start).toISOString(),
    durationMs: f.end - f.start,
    result: f.result,
    node: f.node,
    nominatedNode: f.nominatedNode,
    message: f.message,
    numNodes: f.numNodes,
    evaluatedNodes: f.evaluated,
    feasibleNodes: f.feasible,
    preFilter: pre ? { plugin: pre.plugin ?? '', code: pre.code, reasons: pre.reasons } : undefined,
    filtered,
    scores: typeof f.scores === 'function' ? f.scores() : (f.scores ?? []),
    postFilter: f.postFilter,
  };
}
