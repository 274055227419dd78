// A component's metrics registry: one prom-client Registry per component instance (no global
// state, so several components can run in one process), with the process_* / nodejs_* default
// metrics when asked, and one scrape of it in the text exposition format.
import { Registry, collectDefaultMetrics } from 'prom-client';

export interface RegistryOptions {
  /** process_* and nodejs_* metrics (off in unit tests). */
  processMetrics?: boolean;
}

export function newMetricsRegistry(opts: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsScrape {
  contentType: string;
  body: string;
}

/** One scrape of `registry` in Prometheus' text format. */
export async function renderMetrics(registry: Registry): Promise<MetricsScrape> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
