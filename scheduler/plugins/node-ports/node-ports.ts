// NodePorts: a pod asking for host ports fits only nodes where none of them is taken (same protocol
// and port, and same IP or a 0.0.0.0 wildcard on either side).
import type { V1Pod } from '@kubernetes/client-node';
import type { NodeInfo } from '../../cache/node-info.js';
import { hostPortsOf, portsConflict, type HostPort } from '../../cache/pod-info.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { FilterPlugin, PreFilterPlugin } from '../../framework/types.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const key = stateKey<HostPort[]>('PreFilter' + NAME);

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: V1Pod): Status {
    const ports = hostPortsOf(pod);
    if (ports.length === 0) return Status.skip();
    state.write(key, ports);
    return Status.success();
  }

  filter(state: CycleState, pod: V1Pod, node: NodeInfo): Status {
    const want = state.read(key) ?? hostPortsOf(pod);
    for (const w of want) {
      if (node.usedPorts.some((u) => portsConflict(u, w))) return Status.unschedulable(ERR_REASON);
    }
    return Status.success();
  }
}

export function newNodePorts(): NodePorts {
  return new NodePorts();
}
