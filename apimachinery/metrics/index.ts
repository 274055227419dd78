// Prometheus metrics shared by every component: one prom-client Registry per component instance
// (no global state, so several components can run in one process), the process_* / nodejs_*
// default metrics, rendering a scrape, and serving it on a small HTTP server.
export { newMetricsRegistry, renderMetrics, type MetricsScrape, type RegistryOptions } from './registry.js';
export { listenUntilAborted, sendScrape, type Listening } from './serve.js';
