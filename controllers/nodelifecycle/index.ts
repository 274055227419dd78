// The node lifecycle controller (node health from Leases, unreachable/not-ready taints) and the
// NoExecute taint manager.
export { NodeLifecycleController, NodeLeaseNamespace, type NodeLifecycleOptions } from './controller.js';
export { evictionTime, tolerates, effectiveTolerations } from './eviction.js';
export { desiredTaints, unknownConditions, observe, UnreachableTaint, NotReadyTaint, type HealthRecord } from './health.js';
