// kubelet/pods: the pod side of the kubelet: workers per pod, the level-based sync, status
// computation and writing, env/DNS/container config, backoffs and graceful termination.
export { PodManager, type PodManagerOptions } from './manager.js';
export { PodWorkers, type WorkResult, type PodWorkersOptions } from './workers.js';
export { StatusManager, projection } from './statusmanager.js';
export { computePodStatus, podPhase, qosClass, instancesOf, restartCountOf, initDone, KUBELET_CONDITIONS, type StatusInputs, type Waiting } from './status.js';
export { syncPod, shouldRestart, envSources, volumeSources, type SyncResult } from './sync.js';
export { resolveEnv, expandVars, fieldRefValue, resourceFieldValue, downwardItemValue, type EnvSources, type EnvResult } from './env.js';
export { podDNSConfig, type ClusterDNS } from './dns.js';
export { sandboxConfig, containerConfig, linuxResources, podLogDir } from './containers.js';
export { Backoff, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS, CRASHLOOP_RESET_MS } from './backoff.js';
export { gracePeriodSeconds, killPod, stopContainer } from './kill.js';
export { pullPolicy, ensureImage } from './images.js';
export { observePod, podsOnNode } from './observe.js';
export * as podLabelKeys from './labels.js';
export type { NodeContext, PodState, PodRuntime } from './context.js';
