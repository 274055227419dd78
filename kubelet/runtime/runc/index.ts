// kubelet/runtime/runc: the real container runtime: runc + conmon, overlayfs rootfs, CNI networking.
export { RuncRuntime, type RuncRuntimeOptions } from './runtime.js';
export { buildSpec, capabilitySet, mergeArgs, mergeEnv, DEFAULT_CAPABILITIES, type OciSpec } from './spec.js';
export { PAUSE_ARGS } from './sandbox.js';
