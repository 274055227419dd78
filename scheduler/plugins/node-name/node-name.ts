// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin } from '../../framework/types.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    const want = pod.spec?.nodeName;
    if (!want || want === node.name) return Status.success();
    return Status.unresolvable(ERR_REASON);
  }
}

export function newNodeName(): NodeName {
  return new NodeName();
}
