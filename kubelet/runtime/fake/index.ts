// kubelet/runtime/fake: hollow runtime and image service (run nothing; for many kubelets per process).
export { FakeRuntime, type FakeRuntimeOptions } from './runtime.js';
export { FakeImageService } from './images.js';
export { Ipam } from './ipam.js';
