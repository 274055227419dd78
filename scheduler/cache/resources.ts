// Resource arithmetic for pods and nodes. A ResourceList maps a resource name to a number: cpu in
// millicores, memory / ephemeral-storage / hugepages in bytes, pods and extended resources in units.
// Pod requests follow Kubernetes (resourcehelper.PodRequests): app containers are summed, init
// containers run one at a time so the pod needs max(sum(app), max(init)), restartable (sidecar) init
// containers keep running and are summed into both, and the pod overhead is added on top.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { quantityMilliValue, quantityValue } from '../util/quantity.js';

export type ResourceList = Record<string, number>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const PODS = 'pods';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';

/** Requests assumed for scoring when a container sets none (schedutil.DefaultMilliCPURequest…). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function fromQuantities(rl: Record<string, string | number> | undefined): ResourceList {
  const out: ResourceList = {};
  if (!rl) return out;
  for (const [name, q] of Object.entries(rl)) {
    out[name] = name === CPU ? quantityMilliValue(q) : quantityValue(q);
  }
  return out;
}

export function add(into: ResourceList, other: ResourceList): ResourceList {
  for (const [k, v] of Object.entries(other)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export function subtract(into: ResourceList, other: ResourceList): ResourceList {
  for (const [k, v] of Object.entries(other)) into[k] = (into[k] ?? 0) - v;
  return into;
}

function maxInto(into: ResourceList, other: ResourceList): ResourceList {
  for (const [k, v] of Object.entries(other)) if (v > (into[k] ?? 0)) into[k] = v;
  return into;
}

function containerRequests(c: V1Container, nonZero: boolean): ResourceList {
  const r = fromQuantities(c.resources?.requests as Record<string, string> | undefined);
  if (nonZero) {
    if (r[CPU] === undefined) r[CPU] = DEFAULT_MILLI_CPU_REQUEST;
    if (r[MEMORY] === undefined) r[MEMORY] = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

export interface PodRequestOptions {
  /** Substitute the scoring defaults (100m cpu, 200Mi memory) where a container sets no request. */
  nonZero?: boolean;
}

/** The effective request of a pod: max(sum(app + sidecars), max(init at its turn)) + overhead. */
export function podRequests(pod: V1Pod, opts: PodRequestOptions = {}): ResourceList {
  const nonZero = opts.nonZero ?? false;
  const reqs: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) add(reqs, containerRequests(c, nonZero));

  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const cr = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running next to the app containers and to every later init container.
      add(reqs, cr);
      add(sidecars, cr);
      maxInto(initMax, { ...sidecars });
    } else {
      maxInto(initMax, add({ ...cr }, sidecars));
    }
  }
  maxInto(reqs, initMax);
  const overhead = pod.spec?.overhead as Record<string, string> | undefined;
  if (overhead) add(reqs, fromQuantities(overhead));
  return reqs;
}
