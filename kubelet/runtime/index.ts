// kubelet/runtime: the CRI-shaped contract between the kubelet and a container runtime, and its
// error catalogue (kept in host/, where the host tools that raise it live). The implementations sit
// beside it (runc/ real, fake/ hollow) and are picked by the kubelet's wiring (kubelet/runtimes.ts);
// this folder does not import them.
export * from './types.js';
export { RuntimeError, runtimeErrors, isNotFound, type RuntimeErrorCode } from '../host/index.js';
