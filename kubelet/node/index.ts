// kubelet/node: registering the Node, reporting its status and renewing its Lease.
export { NodeAgent, runNodeTicker, LEASE_NAMESPACE, type NodeAgentOptions } from './agent.js';
export { initialNode, nodeStatus, statusChanged, KUBELET_VERSION, type NodeParams, type NodeHealth } from './nodeobject.js';
export { measureHost, hollowHostFacts, nodeResources, goArch, type HostFacts, type Resources } from './capacity.js';
