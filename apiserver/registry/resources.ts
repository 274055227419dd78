// The registry of built-in resources: one line per resource module, in discovery order. Everything
// else is derived from it: the catalogue (`resources`) for routes, discovery and OpenAPI, storage
// keys, printers, field selectors. Adding a kind: write its module, add it here (docs/adding-a-resource.md).
import type { Printer } from '../printers/types.js';
import { defaultPrinter } from '../printers/core.js';
import { deployments } from './apps/deployment.js';
import { replicasets } from './apps/replicaset.js';
import { selfsubjectreviews, tokenreviews } from './authentication/reviews.js';
import { localsubjectaccessreviews, selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews } from './authorization/reviews.js';
import { certificatesigningrequests } from './certificates/csr.js';
import { leases } from './coordination/lease.js';
import { configmaps } from './core/configmap.js';
import { endpoints } from './core/endpoints.js';
import { events } from './core/event.js';
import { namespaces } from './core/namespace.js';
import { nodes } from './core/node.js';
import { pods } from './core/pod.js';
import { secrets } from './core/secret.js';
import { serviceaccounts } from './core/serviceaccount.js';
import { services } from './core/service/index.js';
import { endpointslices } from './discovery/endpointslice.js';
import { clusterrolebindings } from './rbac/clusterrolebinding.js';
import { clusterroles } from './rbac/clusterrole.js';
import { rolebindings } from './rbac/rolebinding.js';
import { roles } from './rbac/role.js';
import { priorityclasses } from './scheduling/priorityclass.js';
import type { ResourceInfo, ResourceModule } from './strategy/types.js';
import { bindings } from './core/binding.js';
import { componentstatuses } from './core/componentstatus.js';
import { limitranges } from './core/limitrange.js';
import { persistentvolumeclaims } from './core/persistentvolumeclaim.js';
import { persistentvolumes } from './core/persistentvolume.js';
import { podtemplates } from './core/podtemplate.js';
import { replicationcontrollers } from './core/replicationcontroller.js';
import { resourcequotas } from './core/resourcequota.js';

export type { ResourceInfo, ResourceModule } from './strategy/types.js';

export const modules: readonly ResourceModule[] = [
  namespaces,
  pods,
  nodes,
  services,
  endpoints,
  configmaps,
  secrets,
  events,
  serviceaccounts,
  deployments,
  replicasets,
  leases,
  endpointslices,
  tokenreviews,
  selfsubjectreviews,
  clusterrolebindings,
  clusterroles,
  rolebindings,
  roles,
  certificatesigningrequests,
  priorityclasses,
  selfsubjectaccessreviews,
  subjectaccessreviews,
  localsubjectaccessreviews,
  selfsubjectrulesreviews,
  // issue 13: core/v1
  persistentvolumes,
  persistentvolumeclaims,
  resourcequotas,
  limitranges,
  podtemplates,
  replicationcontrollers,
  bindings,
  componentstatuses,
];

/** The catalogue: every served resource's entry. */
export const resources: ResourceInfo[] = modules.map((m) => m.info);

/** GroupResource string: "pods", "deployments.apps". */
export function groupResource(info: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

const byGroupResource = new Map(modules.map((m) => [groupResource(m.info), m]));

/** The module of a catalogued resource; for an uncatalogued one, a module with only generic behaviour. */
export function moduleFor(info: ResourceInfo): ResourceModule {
  return byGroupResource.get(groupResource(info)) ?? { info };
}

// Field selectors name kinds; one served resource per kind.
const byKind = new Map(modules.map((m) => [m.info.kind, m]));

/** The module serving `kind`. */
export function moduleForKind(kind: string): ResourceModule | undefined {
  return byKind.get(kind);
}

/** The printer for a resource; NAME AGE when it has none. */
export function printerFor(info: ResourceInfo): Printer {
  return moduleFor(info).printer ?? defaultPrinter;
}

export function groupVersion(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

const byPath = new Map(resources.map((r) => [`${groupVersion(r)}/${r.plural}`, r]));
const byApiVersionKind = new Map(resources.map((r) => [`${groupVersion(r)}/${r.kind}`, r]));

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return byPath.get(`${groupVersion({ group, version })}/${plural}`);
}

export function findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}/${kind}`);
}

/** etcd key: /registry/<resource>/<namespace>/<name> (cluster-scoped: /registry/<resource>/<name>). */
export function storageKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `/registry/${info.plural}/${namespace}/${name}` : `/registry/${info.plural}/${name}`;
}

/** Prefix for a list: all namespaces when `namespace` is undefined. Always ends with '/'. */
export function storagePrefix(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace ? `/registry/${info.plural}/${namespace}/` : `/registry/${info.plural}/`;
}
