// The ReplicaSet controller (pods for replicas, adoption, status) and its pure helpers.
export { ReplicaSetController, type ReplicaSetOptions } from './controller.js';
export { podsToDelete, compareForDeletion, PodDeletionCostAnnotation } from './ranking.js';
export { calculateStatus, statusEqual } from './status.js';
export { newPod, slowStartBatch, type BatchResult } from './pods.js';
