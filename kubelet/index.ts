// kubelet: the node agent. run(options, signal) registers the Node(s) and runs pods on the runc or
// fake runtime; parts: node/ (Node, Lease), pods/ (workers, sync, status, events), volumes/
// (incl. ServiceAccount tokens), probes/, logs/ (CRI log rotation), server/ (logs, exec),
// hollow/ (many fake nodes in one process), api/ (the kubelet's API client, pod informer, event
// recorder), host/ (host tools, spawn helper, error catalogue); runtimes.ts picks runc or fake.
export { run, type RunningKubelet, type KubeletDeps } from './kubelet.js';
export { parseKubeletFlags, kubeletFlags, defaultKubeletOptions, parseTaints, parseKeyValues, type KubeletOptions, type RuntimeKind, type Taint } from './options.js';
export { clientNodeApi, type KubeletApi } from './api/index.js';
export { createRuntime, runcVersion, type NodeRuntime } from './runtimes.js';
export { kubeletRecorder } from './api/index.js';
// What the launcher (cluster/: k8ts down, k8ts join, k8ts image load) and bench/ use of the node's insides.
export { NodeRoutes } from './network/routes.js';
export { runOk } from './host/index.js';
export { RuncRuntime } from './runtime/runc/index.js';
export { ImageManager } from './images/index.js';
