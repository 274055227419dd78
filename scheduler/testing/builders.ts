// Small builders for Pod and Node objects used by the scheduler's tests (and handy in tools).
import type { V1Container, V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';

export interface NodeOpts {
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  taints?: V1Taint[];
  unschedulable?: boolean;
}

export function makeNode(name: string, o: NodeOpts = {}): V1Node {
  const alloc: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable: alloc, capacity: alloc },
  };
}

export interface PodOpts {
  namespace?: string;
  labels?: Record<string, string>;
  node?: string;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  containers?: V1Container[];
  initContainers?: V1Container[];
  overhead?: Record<string, string>;
  priority?: number;
  spec?: Partial<NonNullable<V1Pod['spec']>>;
  uid?: string;
}

export function container(name: string, requests?: Record<string, string>, extra: Partial<V1Container> = {}): V1Container {
  return { name, image: 'busybox', resources: requests ? { requests } : undefined, ...extra };
}

export function makePod(name: string, o: PodOpts = {}): V1Pod {
  const req: Record<string, string> = { ...(o.requests ?? {}) };
  if (o.cpu) req.cpu = o.cpu;
  if (o.memory) req.memory = o.memory;
  const containers = o.containers ?? [container('c', Object.keys(req).length ? req : undefined)];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels, uid: o.uid ?? `uid-${name}` },
    spec: {
      containers,
      initContainers: o.initContainers,
      overhead: o.overhead,
      nodeName: o.node,
      priority: o.priority,
      schedulerName: 'default-scheduler',
      ...(o.spec ?? {}),
    },
    status: { phase: 'Pending' },
  };
}
