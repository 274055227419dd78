// k8ts scheduler: assigns pending pods to nodes through a kube-scheduler-style framework of plugins,
// binds them via pods/binding, and explains every attempt (GET /explain/<ns>/<name>, pod annotation).
export { run, assemble, type AssembleOptions, type SchedulerOptions, type SchedulerParts } from './run.js';
export { parseConfigYaml, resolveConfig, type SchedulerConfig, type LeaderElectionConfig } from './config.js';
export { parseFlags, schedulerFlags } from './options.js';
export * from './framework/index.js';
export * from './explain/index.js';
export { SchedulerCache } from './cache/cache.js';
export { Snapshot } from './cache/snapshot.js';
export { NodeInfo } from './cache/node-info.js';
export { podRequests, type ResourceList } from './cache/resources.js';
export { SchedulingQueue, type QueuedPodInfo } from './queue/queue.js';
export { PodScheduler, numFeasibleNodesToFind } from './core/schedule-pod.js';
export { Scheduler } from './core/scheduler.js';
export { SchedulerInformers, type InformerOptions } from './client/informers.js';
export { newRegistry, defaultPlugins } from './plugins/registry.js';
export { keepAliveApiClient } from '../apimachinery/keepalive.js';
