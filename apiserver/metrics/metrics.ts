// The API server's Prometheus metrics under Kubernetes' names (prom-client, one Registry per
// server from apimachinery/metrics): requests by verb/group/version/resource/subresource/scope/code and
// their latency, requests in flight, etcd request latency by operation and resource, and the number
// of stored objects per resource (counted when scraped). Label children are cached by one key
// string, so a request costs a Map lookup, not a label-set hash.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { newMetricsRegistry, renderMetrics, type MetricsScrape } from '../../apimachinery/metrics/index.js';

/** Kubernetes' buckets for apiserver_request_duration_seconds and etcd_request_duration_seconds. */
export const latencyBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

export interface RequestLabels {
  /** GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION, CONNECT. */
  verb: string;
  dryRun: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** resource, namespace, cluster, or '' for non-resource requests. */
  scope: string;
}

export interface ApiServerMetricsOptions {
  /** process_* and nodejs_* metrics (off in unit tests). */
  processMetrics?: boolean;
}

/** Stored objects per resource ("pods", "deployments.apps"), read when /metrics is scraped. */
export type ObjectCounter = () => Promise<Map<string, number>>;

export class ApiServerMetrics {
  readonly registry: Registry;
  private readonly requests: Counter;
  private readonly durations: Histogram;
  private readonly etcd: Histogram;
  private readonly inflight: Gauge;
  private readonly countChildren = new Map<string, Counter.Internal>();
  private readonly latencyChildren = new Map<string, Histogram.Internal<string>>();
  private readonly inflightChildren: Record<'mutating' | 'readOnly', Gauge.Internal<string>>;
  private countObjects?: ObjectCounter;
  private readonly etcdChildren = new Map<string, Histogram.Internal<string>>();

  constructor(opts: ApiServerMetricsOptions = {}) {
    this.registry = newMetricsRegistry(opts);
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'],
      registers,
    });
    this.durations = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      buckets: latencyBuckets,
      registers,
    });
    this.etcd = new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Etcd request latency in seconds for each operation and object type.',
      labelNames: ['operation', 'type'],
      buckets: latencyBuckets,
      registers,
    });
    this.inflight = new Gauge({
      name: 'apiserver_current_inflight_requests',
      help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      labelNames: ['request_kind'],
      registers,
    });
    this.inflightChildren = { mutating: this.inflight.labels('mutating'), readOnly: this.inflight.labels('readOnly') };
    this.inflightChildren.mutating.set(0);
    this.inflightChildren.readOnly.set(0);
    const counter = (): ObjectCounter | undefined => this.countObjects;
    new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.',
      labelNames: ['resource'],
      registers,
      async collect() {
        const count = counter();
        if (!count) return;
        for (const [resource, n] of await count()) this.labels(resource).set(n);
      },
    });
  }

  observeRequest(l: RequestLabels, code: number, seconds: number): void {
    const key = `${l.verb}|${l.dryRun}|${l.group}|${l.version}|${l.resource}|${l.subresource}|${l.scope}`;
    let latency = this.latencyChildren.get(key);
    if (!latency) {
      latency = this.durations.labels(l.verb, l.dryRun, l.group, l.version, l.resource, l.subresource, l.scope, 'apiserver');
      this.latencyChildren.set(key, latency);
    }
    latency.observe(seconds);
    const countKey = `${key}|${code}`;
    let count = this.countChildren.get(countKey);
    if (!count) {
      count = this.requests.labels(l.verb, l.dryRun, l.group, l.version, l.resource, l.subresource, l.scope, 'apiserver', String(code));
      this.countChildren.set(countKey, count);
    }
    count.inc();
  }

  /** Where apiserver_storage_objects comes from (the etcd store, once it exists). */
  setObjectCounter(count: ObjectCounter): void {
    this.countObjects = count;
  }

  observeEtcd(operation: string, type: string, seconds: number): void {
    const key = `${operation}|${type}`;
    let child = this.etcdChildren.get(key);
    if (!child) {
      child = this.etcd.labels(operation, type);
      this.etcdChildren.set(key, child);
    }
    child.observe(seconds);
  }

  requestStarted(mutating: boolean): void {
    this.inflightChildren[mutating ? 'mutating' : 'readOnly'].inc();
  }

  requestEnded(mutating: boolean): void {
    this.inflightChildren[mutating ? 'mutating' : 'readOnly'].dec();
  }

  render(): Promise<MetricsScrape> {
    return renderMetrics(this.registry);
  }
}
