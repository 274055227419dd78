// Test helpers for controllers: the in-memory cluster and context wiring.
export { FakeCluster, mergePatch, type FakeClusterOptions } from './cluster.js';
export { testContext, settle, type TestContext } from './context.js';
export { replicaSet, deployment, pod, runPods } from './objects.js';
