// DefaultPreemption (PostFilter): when no node fits, find a node where deleting lower-priority pods
// would let the pod fit, delete those victims through the API, and nominate the node
// (status.nominatedNodeName). Nodes rejected as UnschedulableAndUnresolvable are not considered.
import type { V1Pod } from '@kubernetes/client-node';
import { podKey } from '../../cache/pod-info.js';
import type { Snapshot } from '../../cache/snapshot.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { fitErrorMessage } from '../../framework/fit-error.js';
import { Code, Status } from '../../framework/status.js';
import type { Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../../framework/types.js';
import { pickOne, selectVictimsOnNode, type Candidate } from './victims.js';

export const NAME = 'DefaultPreemption';
export const ERR_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  /** Why the pod may not preempt, or undefined when it may. */
  private ineligible(pod: V1Pod, snapshot: Snapshot, filtered: NodeToStatus): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.status?.nominatedNodeName;
    if (nominated && filtered.get(nominated)?.code !== Code.UnschedulableAndUnresolvable) {
      const ni = snapshot.get(nominated);
      const prio = pod.spec?.priority ?? 0;
      if (ni?.pods.some((p) => p.pod.metadata?.deletionTimestamp && p.priority < prio)) {
        return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
    return undefined;
  }

  async postFilter(_state: CycleState, pod: V1Pod, filtered: NodeToStatus, snapshot: Snapshot, signal: AbortSignal): Promise<PostFilterResult> {
    const why = this.ineligible(pod, snapshot, filtered);
    if (why) return { status: Status.unschedulable('preemption: ' + why) };

    const statuses = new Map<string, Status>();
    const candidates: Candidate[] = [];
    const runner = this.handle.filters();
    for (const ni of snapshot.list) {
      if (filtered.get(ni.name)?.code === Code.UnschedulableAndUnresolvable) {
        statuses.set(ni.name, Status.unresolvable(ERR_NOT_HELPFUL));
        continue;
      }
      const r = selectVictimsOnNode(runner, pod, snapshot, ni);
      if (r instanceof Status) statuses.set(ni.name, r);
      else candidates.push(r);
    }
    const best = pickOne(candidates);
    if (!best) {
      const msg = fitErrorMessage({ numAllNodes: statuses.size, nodeToStatus: statuses });
      return { status: Status.unschedulable('preemption: ' + msg), nominatedNodeName: '' };
    }
    await this.prepare(pod, best, signal);
    return { status: Status.success(), nominatedNodeName: best.node };
  }

  /** Deletes the victims and clears lower-priority nominations on the chosen node. */
  private async prepare(pod: V1Pod, c: Candidate, signal: AbortSignal): Promise<void> {
    const { actions, logger } = this.handle;
    for (const v of c.victims) {
      logger.info({ pod: podKey(pod), victim: v.key, node: c.node }, 'preempting');
      await actions.deletePod(v.pod, signal);
      actions.event(v.pod, 'Normal', 'Preempted', 'Preempting', `Preempted by pod ${pod.metadata?.uid ?? podKey(pod)} on node ${c.node}`);
    }
    const prio = pod.spec?.priority ?? 0;
    for (const other of this.handle.nominator.nominatedPodsForNode(c.node)) {
      if (podKey(other) !== podKey(pod) && (other.spec?.priority ?? 0) < prio) {
        await actions.setNominatedNodeName(other, '', signal);
      }
    }
  }
}

export function newDefaultPreemption(_args: unknown, handle: Handle): DefaultPreemption {
  return new DefaultPreemption(handle);
}
