// The resources the controller-manager reads and writes: their Go-style kind, apiVersion, scope,
// watch path and client-node model name, keyed by plural resource name.
import type {
  CoreV1Event,
  V1ConfigMap,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Lease,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ReplicaSet,
  V1Secret,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';

export interface ResourceTypes {
  pods: V1Pod;
  replicasets: V1ReplicaSet;
  deployments: V1Deployment;
  services: V1Service;
  endpoints: V1Endpoints;
  endpointslices: V1EndpointSlice;
  namespaces: V1Namespace;
  nodes: V1Node;
  serviceaccounts: V1ServiceAccount;
  leases: V1Lease;
  configmaps: V1ConfigMap;
  secrets: V1Secret;
  events: CoreV1Event;
}

export type ResourceName = keyof ResourceTypes;

export interface ResourceInfo {
  resource: ResourceName;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  /** Cluster-wide list/watch path. */
  path: string;
  /** client-node model name. */
  typeName: string;
}

function core(resource: ResourceName, kind: string, namespaced = true): ResourceInfo {
  return { resource, apiVersion: 'v1', kind, namespaced, path: `/api/v1/${resource}`, typeName: `V1${kind}` };
}

function group(resource: ResourceName, gv: string, kind: string, namespaced = true): ResourceInfo {
  return { resource, apiVersion: gv, kind, namespaced, path: `/apis/${gv}/${resource}`, typeName: `V1${kind}` };
}

export const resourceInfo: Record<ResourceName, ResourceInfo> = {
  pods: core('pods', 'Pod'),
  services: core('services', 'Service'),
  endpoints: core('endpoints', 'Endpoints'),
  namespaces: core('namespaces', 'Namespace', false),
  nodes: core('nodes', 'Node', false),
  serviceaccounts: core('serviceaccounts', 'ServiceAccount'),
  configmaps: core('configmaps', 'ConfigMap'),
  secrets: core('secrets', 'Secret'),
  events: { ...core('events', 'Event'), typeName: 'CoreV1Event' },
  replicasets: group('replicasets', 'apps/v1', 'ReplicaSet'),
  deployments: group('deployments', 'apps/v1', 'Deployment'),
  endpointslices: group('endpointslices', 'discovery.k8s.io/v1', 'EndpointSlice'),
  leases: group('leases', 'coordination.k8s.io/v1', 'Lease'),
};

export const resourceNames = Object.keys(resourceInfo) as ResourceName[];

/** The resource with this apiVersion + kind (ownerReferences name owners this way). */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return Object.values(resourceInfo).find((r) => r.apiVersion === apiVersion && r.kind === kind);
}
