// The Deployment controller and its pure rollout arithmetic.
export { DeploymentController, type DeploymentOptions } from './controller.js';
export { resolveFenceposts, scaledValue, maxSurge, maxUnavailable, hasProgressDeadline } from './strategy.js';
export { computeHash, equalIgnoreHash, safeEncode, canonicalJSON, PodTemplateHashLabel } from './hash.js';
export { newRSReplicas, planOldScaleDown, type ScalePlan } from './rolling.js';
export { planScale, isSaturated } from './scale.js';
export { calculateStatus, rolloutStatus, deploymentComplete, Reasons } from './status.js';
export {
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  setNewReplicaSetAnnotations,
} from './annotations.js';
