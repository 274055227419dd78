// kubelet/runtime: the CRI-shaped contract between the kubelet and a container runtime, its error
// catalogue (kept in host/, where the host tools that raise it live) and the two implementations
// (runc/ real, fake/ hollow).
export * from './types.js';
export { RuntimeError, runtimeErrors, isNotFound, type RuntimeErrorCode } from '../host/index.js';
export { RuncRuntime, type RuncRuntimeOptions } from './runc/index.js';
export { FakeRuntime, FakeImageService, type FakeRuntimeOptions } from './fake/index.js';
