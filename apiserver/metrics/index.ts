// Prometheus metrics of the API server, under Kubernetes' names: the registry and its metrics,
// request classification and timing, etcd timing and object counts.
export { ApiServerMetrics, latencyBuckets, type ApiServerMetricsOptions, type ObjectCounter, type RequestLabels } from './metrics.js';
export { requestLabels, trackRequest } from './requests.js';
export { countObjects, instrumentEtcd, resourceOfKey } from './etcd.js';
