// Helpers several controllers share: pod predicates and status conditions.
export * from './pod.js';
export * from './conditions.js';
export * from './claim.js';
export * from './service.js';
export * from './json.js';
