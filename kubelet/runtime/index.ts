// kubelet/runtime: the CRI-shaped contract between the kubelet and a container runtime, its error
// catalogue, and the two implementations (runc/ real, fake/ hollow).
export * from './types.js';
export { RuntimeError, runtimeErrors, isNotFound, type RuntimeErrorCode } from './errors.js';
export { RuncRuntime, type RuncRuntimeOptions } from './runc/index.js';
export { FakeRuntime, FakeImageService, type FakeRuntimeOptions } from './fake/index.js';
