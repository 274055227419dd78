// kubelet/runtime: the CRI-shaped contract between the kubelet and a container runtime, its error
// catalogue, the two implementations (runc/ real, fake/ hollow), and the spawn helper the real one
// runs its commands through.
export * from './types.js';
export { RuntimeError, runtimeErrors, isNotFound, type RuntimeErrorCode } from './errors.js';
export { RuncRuntime, type RuncRuntimeOptions } from './runc/index.js';
export { FakeRuntime, FakeImageService, type FakeRuntimeOptions } from './fake/index.js';
export { Spawner, sharedSpawner, type SpawnRequest, type SpawnReply } from './spawner.js';
