// Object builders for the scheduler's tests and benchmarks (as Kubernetes' pkg/scheduler/testing): the
// second public surface of the scheduler, for bench/ only.
export { makeNode, makePod } from './builders.js';
