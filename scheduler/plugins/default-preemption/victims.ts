// Preemption dry run on one node: remove every lower-priority pod, check the preemptor then fits,
// and give back (reprieve) as many of them as possible, most important first.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { podPriority, type PodInfo } from '../../cache/pod-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterRunner } from '../../framework/types.js';

export const ERR_NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface Candidate {
  node: string;
  victims: PodInfo[];
}

function startTime(p: V1Pod): number {
  const t = p.status?.startTime ?? p.metadata?.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : Number.MAX_SAFE_INTEGER;
}

/** Higher priority first; for equal priority the pod that started earlier is more important. */
export function moreImportant(a: V1Pod, b: V1Pod): number {
  const d = podPriority(b) - podPriority(a);
  return d !== 0 ? d : startTime(a) - startTime(b);
}

function fits(runner: FilterRunner, pod: V1Pod, snapshot: Snapshot, node: NodeInfo): Status {
  const state = new CycleState();
  const pre = runner.runPreFilter(state, pod, snapshot.withNode(node));
  if (!pre.status.isSuccess()) return pre.status;
  if (pre.nodeNames && !pre.nodeNames.has(node.name)) return Status.unresolvable('node(s) didn\'t satisfy the PreFilter result');
  return runner.runFilter(state, pod, node);
}

/** Victims on `node` that make room for `pod`, or the status that explains why none do. */
export function selectVictimsOnNode(runner: FilterRunner, pod: V1Pod, snapshot: Snapshot, node: NodeInfo): Candidate | Status {
  const prio = podPriority(pod);
  const work = node.clone();
  const potential = work.pods.filter((p) => p.priority < prio);
  if (potential.length === 0) return Status.unresolvable(ERR_NO_VICTIMS);
  for (const p of potential) work.removePod(p.key);
  const st = fits(runner, pod, snapshot, work);
  if (!st.isSuccess()) return st;
  potential.sort((a, b) => moreImportant(a.pod, b.pod));
  const victims: PodInfo[] = [];
  for (const p of potential) {
    work.addPod(p);
    if (!fits(runner, pod, snapshot, work).isSuccess()) {
      work.removePod(p.key);
      victims.push(p);
    }
  }
  return { node: node.name, victims };
}

/**
 * The node to preempt on (pickOneNodeForPreemption without PDBs): lowest highest-victim priority,
 * then lowest priority sum, then fewest victims, then latest start of the highest-priority victims,
 * then the first candidate.
 */
export function pickOne(cands: readonly Candidate[]): Candidate | undefined {
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -Math.max(...c.victims.map((v) => v.priority), Number.MIN_SAFE_INTEGER),
    (c) => -c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0),
    (c) => -c.victims.length,
    (c) => {
      if (c.victims.length === 0) return 0;
      const top = Math.max(...c.victims.map((v) => v.priority));
      return Math.min(...c.victims.filter((v) => v.priority === top).map((v) => startTime(v.pod)));
    },
  ];
  let pool = [...cands];
  for (const score of criteria) {
    if (pool.length <= 1) break;
    const best = Math.max(...pool.map(score));
    pool = pool.filter((c) => score(c) === best);
  }
  return pool[0];
}
