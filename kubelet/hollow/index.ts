// kubelet/hollow: many hollow kubelets (fake runtime) in one process, sharing an informer and a timer.
export { runHollow, hollowNode, DEFAULT_HOLLOW_CIDR, type HollowNode, type HollowDeps, type HollowOptions, type RunningHollowNodes } from './hollow.js';
export { nthSubnet24 } from './cidr.js';
