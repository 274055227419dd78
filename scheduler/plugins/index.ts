// The in-tree plugins (one folder each) and the registry that names them.
export { newRegistry, defaultPlugins } from './registry.js';
export { NodeUnschedulable } from './node-unschedulable/node-unschedulable.js';
export { NodeName } from './node-name/node-name.js';
export { TaintToleration } from './taint-toleration/taint-toleration.js';
export { NodeAffinity } from './node-affinity/node-affinity.js';
export { NodePorts } from './node-ports/node-ports.js';
export { NodeResourcesFit, insufficientResources } from './node-resources/fit.js';
export { BalancedAllocation } from './node-resources/balanced-allocation.js';
export { InterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
export { PodTopologySpread } from './pod-topology-spread/pod-topology-spread.js';
export { DefaultPreemption } from './default-preemption/default-preemption.js';
export { DefaultBinder } from './default-binder/default-binder.js';
