// NodeUnschedulable: nodes with spec.unschedulable (cordoned) are skipped unless the pod tolerates
// the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin } from '../../framework/types.js';
import { tolerated } from '../helpers/taints.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_REASON_UNKNOWN = 'node(s) had unknown conditions';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    if (!node.node) return Status.unresolvable(ERR_REASON_UNKNOWN);
    if (!node.node.spec?.unschedulable) return Status.success();
    const ok = tolerated({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, pod.spec?.tolerations);
    return ok ? Status.success() : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
}

export function newNodeUnschedulable(): NodeUnschedulable {
  return new NodeUnschedulable();
}
