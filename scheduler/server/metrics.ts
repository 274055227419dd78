// The scheduler's Prometheus metrics under kube-scheduler's names: attempts by result and profile
// with their duration, and the pending pods per queue (read from the queue when scraped, so the
// scheduling loop pays nothing for them). Label children are cached, so an attempt costs a Map
// lookup.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { newMetricsRegistry, renderMetrics, type MetricsScrape, type RegistryOptions } from '../../apimachinery/metrics/index.js';

/** kube-scheduler's buckets for scheduler_scheduling_attempt_duration_seconds (exponential 1 ms × 2, 15). */
export const attemptBuckets = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** Pods per queue, as kube-scheduler labels them (active, backoff, unschedulable, gated). */
export type PendingPods = () => Record<'active' | 'backoff' | 'unschedulable' | 'gated', number>;

export class SchedulerMetrics {
  readonly registry: Registry;
  private readonly attempts: Counter;
  private readonly durations: Histogram;
  private readonly attemptChildren = new Map<string, { count: Counter.Internal; duration: Histogram.Internal<string> }>();
  private pending?: PendingPods;

  constructor(opts: RegistryOptions = {}) {
    this.registry = newMetricsRegistry(opts);
    const registers = [this.registry];
    this.attempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result. \'unschedulable\' means a pod could not be scheduled, while \'error\' means an internal scheduler problem.',
      labelNames: ['result', 'profile'],
      registers,
    });
    this.durations = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: attemptBuckets,
      registers,
    });
    const source = (): PendingPods | undefined => this.pending;
    new Gauge({
      name: 'scheduler_pending_pods',
      help: 'Number of pending pods, by the queue type. \'active\' means number of pods in activeQ; \'backoff\' means number of pods in backoffQ; \'unschedulable\' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; \'gated\' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.',
      labelNames: ['queue'],
      registers,
      collect() {
        const read = source();
        if (!read) return;
        for (const [queue, n] of Object.entries(read())) this.labels(queue).set(n);
      },
    });
  }

  /** Where scheduler_pending_pods comes from (the scheduling queue). */
  setPendingPods(read: PendingPods): void {
    this.pending = read;
  }

  observeAttempt(result: AttemptResult, profile: string, seconds: number): void {
    const key = `${result}|${profile}`;
    let child = this.attemptChildren.get(key);
    if (!child) {
      child = { count: this.attempts.labels(result, profile), duration: this.durations.labels(result, profile) };
      this.attemptChildren.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  }

  render(): Promise<MetricsScrape> {
    return renderMetrics(this.registry);
  }
}
