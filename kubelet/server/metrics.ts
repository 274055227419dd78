// The kubelet's Prometheus metrics under Kubernetes' names: pods with a ready sandbox and
// containers by state (asked of the runtime when scraped, so pod syncs pay nothing for them), and
// how long pods take to start (observed once per pod, when its status first turns Running).
import { Gauge, Histogram, type Registry } from 'prom-client';
import { newMetricsRegistry, renderMetrics, type MetricsScrape, type RegistryOptions } from '../../apimachinery/metrics/index.js';
import type { ContainerState, RuntimeService } from '../runtime/index.js';

/** The kubelet's buckets for kubelet_pod_start_duration_seconds. */
export const podStartBuckets = [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600];

const STATES: Record<ContainerState, string> = {
  CONTAINER_CREATED: 'created', CONTAINER_RUNNING: 'running', CONTAINER_EXITED: 'exited', CONTAINER_UNKNOWN: 'unknown',
};

export class KubeletMetrics {
  readonly registry: Registry;
  private readonly podStart: Histogram;

  constructor(runtime: Pick<RuntimeService, 'listPodSandbox' | 'listContainers'>, opts: RegistryOptions = {}) {
    this.registry = newMetricsRegistry(opts);
    const registers = [this.registry];
    new Gauge({
      name: 'kubelet_running_pods',
      help: 'Number of pods that have a running pod sandbox',
      registers,
      async collect() {
        this.set((await runtime.listPodSandbox()).filter((s) => s.state === 'SANDBOX_READY').length);
      },
    });
    new Gauge({
      name: 'kubelet_running_containers',
      help: 'Number of containers currently running',
      labelNames: ['container_state'],
      registers,
      async collect() {
        const counts: Record<string, number> = { created: 0, running: 0, exited: 0, unknown: 0 };
        for (const c of await runtime.listContainers()) counts[STATES[c.state]]!++;
        for (const [state, n] of Object.entries(counts)) this.labels(state).set(n);
      },
    });
    this.podStart = new Histogram({
      name: 'kubelet_pod_start_duration_seconds',
      help: 'Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run',
      buckets: podStartBuckets,
      registers,
    });
  }

  /** A pod reached Running `seconds` after the kubelet first saw it. */
  podStarted(seconds: number): void {
    this.podStart.observe(seconds);
  }

  render(): Promise<MetricsScrape> {
    return renderMetrics(this.registry);
  }
}
