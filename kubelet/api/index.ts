// kubelet/api: the kubelet's view of the API server, shared by its parts: the narrow KubeletApi
// (client-node behind it, a fake in tests), the pod informer, the event recorder, and helpers for
// API objects (canonical JSON, second-precision times, merge patch, HTTP status of an error).
export { clientNodeApi, type KubeletApi } from './client.js';
export { podInformer } from './informer.js';
export { kubeletRecorder } from './events.js';
export { canonicalJson, wholeSeconds, timeMs, mergePatch, httpCode } from './wire.js';
