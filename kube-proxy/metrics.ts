// kube-proxy's Prometheus metrics under Kubernetes' names: how long each rule sync takes and when
// the last one succeeded. A sync costs one histogram observation and one gauge set.
import { Gauge, Histogram, type Registry } from 'prom-client';
import { newMetricsRegistry, renderMetrics, type MetricsScrape, type RegistryOptions } from '../apimachinery/metrics/index.js';

/** kube-proxy's buckets for kubeproxy_sync_proxy_rules_duration_seconds (exponential 1 ms × 2, 15). */
export const syncBuckets = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

export class ProxyMetrics {
  readonly registry: Registry;
  private readonly duration: Histogram;
  private readonly lastSync: Gauge;

  constructor(opts: RegistryOptions = {}) {
    this.registry = newMetricsRegistry(opts);
    const registers = [this.registry];
    this.duration = new Histogram({
      name: 'kubeproxy_sync_proxy_rules_duration_seconds',
      help: 'SyncProxyRules latency in seconds',
      buckets: syncBuckets,
      registers,
    });
    this.lastSync = new Gauge({
      name: 'kubeproxy_sync_proxy_rules_last_timestamp_seconds',
      help: 'The last time proxy rules were successfully synced',
      registers,
    });
  }

  /** A successful sync that took `seconds` and ended at `endMs` (epoch milliseconds). */
  observeSync(seconds: number, endMs: number): void {
    this.duration.observe(seconds);
    this.lastSync.set(endMs / 1000);
  }

  render(): Promise<MetricsScrape> {
    return renderMetrics(this.registry);
  }
}
