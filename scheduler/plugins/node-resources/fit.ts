// NodeResourcesFit: the pod's effective request (see cache/resources.ts) must fit in the node's
// allocatable minus what its pods (bound and assumed) already request; the pod count must stay within
// allocatable pods. Scoring follows the configured strategy (LeastAllocated by default).
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { CPU, EPHEMERAL_STORAGE, MEMORY, podRequests, type ResourceList } from '../../cache/resources.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/types.js';
import { allocationScore, parseScoringStrategy, type ScoringStrategy } from './scoring.js';

export const NAME = 'NodeResourcesFit';

interface FitState {
  requests: ResourceList;
  nonZero: ResourceList;
}

const fitKey = stateKey<FitState>('PreFilter' + NAME);

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

function reasonFor(resource: string): string {
  return `Insufficient ${resource}`;
}

const NONE: ReadonlySet<string> = new Set();

/** Every resource the pod doesn't fit on `node` for; empty when it fits. */
export function insufficientResources(requests: ResourceList, node: NodeInfo, ignored: ReadonlySet<string> = NONE): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowed = node.allowedPodNumber;
  if (node.pods.length + 1 > allowed) {
    out.push({ resource: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: allowed });
  }
  const check = (r: string): void => {
    const want = requests[r] ?? 0;
    if (want <= 0 || ignored.has(r)) return;
    const used = node.requested[r] ?? 0;
    const cap = node.allocatable[r] ?? 0;
    if (want > cap - used) out.push({ resource: r, reason: reasonFor(r), requested: want, used, capacity: cap });
  };
  check(CPU);
  check(MEMORY);
  check(EPHEMERAL_STORAGE);
  // Extended resources, reported in name order; most pods have none, so sort only failures.
  const before = out.length;
  for (const r in requests) {
    if (r !== CPU && r !== MEMORY && r !== EPHEMERAL_STORAGE && r !== 'pods') check(r);
  }
  if (out.length - before > 1) out.splice(before, out.length - before, ...out.slice(before).sort((a, b) => (a.resource < b.resource ? -1 : 1)));
  return out;
}

export interface FitArgs {
  ignoredResources?: string[];
  scoringStrategy?: unknown;
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly ignored: Set<string>;
  readonly strategy: ScoringStrategy;

  constructor(args: FitArgs = {}) {
    this.ignored = new Set(args.ignoredResources ?? []);
    this.strategy = parseScoringStrategy(args.scoringStrategy);
  }

  private stateFor(state: CycleState, pod: V1Pod): FitState {
    let s = state.read(fitKey);
    if (!s) {
      s = { requests: podRequests(pod), nonZero: podRequests(pod, { nonZero: true }) };
      state.write(fitKey, s);
    }
    return s;
  }

  preFilter(state: CycleState, pod: V1Pod): Status {
    this.stateFor(state, pod);
    return Status.success();
  }

  filter(state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    const s = this.stateFor(state, pod);
    const bad = insufficientResources(s.requests, node, this.ignored);
    if (bad.length === 0) return Status.success();
    return Status.unschedulable(...bad.map((b) => b.reason));
  }

  preScore(state: CycleState, pod: V1Pod): Status {
    this.stateFor(state, pod);
    return Status.success();
  }

  score(state: CycleState, pod: V1Pod, node: NodeInfo): number {
    const s = this.stateFor(state, pod);
    return allocationScore(this.strategy, s, node);
  }
}

export function newNodeResourcesFit(args: unknown): NodeResourcesFit {
  return new NodeResourcesFit((args ?? {}) as FitArgs);
}
