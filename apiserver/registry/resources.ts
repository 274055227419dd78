// The registry of built-in resources: one line per resource module, in discovery order. Everything
// else is derived from it: the catalogue (`resources`) for routes, discovery and OpenAPI, storage
// keys, printers, field selectors. Adding a kind: write its module, add it here (docs/adding-a-resource.md).
import type { Printer } from '../printers/types.js';
import { defaultPrinter } from '../printers/core.js';
import { deployments } from './apps/deployment.js';
import { replicasets } from './apps/replicaset.js';
import { controllerrevisions } from './apps/controllerrevision.js';
import { daemonsets } from './apps/daemonset.js';
import { statefulsets } from './apps/statefulset.js';
import { cronjobs } from './batch/cronjob.js';
import { jobs } from './batch/job.js';
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
import { ingressclasses } from './networking/ingressclass.js';
import { ingresses } from './networking/ingress.js';
import { networkpolicies } from './networking/networkpolicy.js';
import { runtimeclasses } from './node/runtimeclass.js';
import { clusterrolebindings } from './rbac/clusterrolebinding.js';
import { clusterroles } from './rbac/clusterrole.js';
import { rolebindings } from './rbac/rolebinding.js';
import { roles } from './rbac/role.js';
import { priorityclasses } from './scheduling/priorityclass.js';
import { horizontalpodautoscalers } from './autoscaling/hpa.js';
import { poddisruptionbudgets } from './policy/poddisruptionbudget.js';
import type { ResourceInfo, ResourceModule, ServedVersion } from './strategy/types.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { FieldLabels } from '../../apimachinery/fields.js';
import { csidrivers } from './storage/csidriver.js';
import { csinodes } from './storage/csinode.js';
import { csistoragecapacities } from './storage/csistoragecapacity.js';
import { storageclasses } from './storage/storageclass.js';
import { volumeattachments } from './storage/volumeattachment.js';
import { flowschemas } from './flowcontrol/flowschema.js';
import { prioritylevelconfigurations } from './flowcontrol/prioritylevelconfiguration.js';
import { mutatingwebhookconfigurations } from './admissionregistration/mutatingwebhookconfiguration.js';
import { validatingadmissionpolicies } from './admissionregistration/validatingadmissionpolicy.js';
import { validatingadmissionpolicybindings } from './admissionregistration/validatingadmissionpolicybinding.js';
import { validatingwebhookconfigurations } from './admissionregistration/validatingwebhookconfiguration.js';
import { customresourcedefinitions } from './apiextensions/customresourcedefinition.js';
import { apiservices } from './apiregistration/apiservice.js';
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
  // issue 13: served in more than one version or group (events.k8s.io/v1 Events are core's, see core/event.ts)
  horizontalpodautoscalers,
  poddisruptionbudgets,
  // issue 13: apps + batch
  controllerrevisions,
  daemonsets,
  statefulsets,
  cronjobs,
  jobs,
  // issue 13: networking.k8s.io + storage.k8s.io + node.k8s.io
  ingressclasses,
  ingresses,
  networkpolicies,
  runtimeclasses,
  csidrivers,
  csinodes,
  csistoragecapacities,
  storageclasses,
  volumeattachments,
  // issue 13: flowcontrol + admissionregistration + apiextensions + apiregistration
  flowschemas,
  prioritylevelconfigurations,
  mutatingwebhookconfigurations,
  validatingwebhookconfigurations,
  validatingadmissionpolicies,
  validatingadmissionpolicybindings,
  customresourcedefinitions,
  apiservices,
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

/** The catalogue entry of a module's other served version: the storage version's, in that group-version. */
function servedInfo(m: ResourceModule, v: ServedVersion): ResourceInfo {
  const info: ResourceInfo = { ...m.info, group: v.group, version: v.version, storageVersion: { group: m.info.group, version: m.info.version } };
  if (v.shortNames) info.shortNames = v.shortNames;
  if (v.categories) info.categories = v.categories;
  return info;
}

const served = modules.flatMap((m) => (m.versions ?? []).map((v) => ({ module: m, version: v, info: servedInfo(m, v) })));

/** The catalogue: every served resource's entry, each module's other served versions after all modules. */
export const resources: ResourceInfo[] = [...modules.map((m) => m.info), ...served.map((s) => s.info)];

/** GroupResource string: "pods", "deployments.apps". */
export function groupResource(info: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

const byGroupResource = new Map([...modules.map((m) => [groupResource(m.info), m] as const), ...served.map((s) => [groupResource(s.info), s.module] as const)]);

/** The module of a catalogued resource (in any served version); for an uncatalogued one, a module with only generic behaviour. */
export function moduleFor(info: ResourceInfo): ResourceModule {
  return byGroupResource.get(groupResource(info)) ?? { info };
}

export function groupVersion(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** How a served version that is not the storage version converts: the storage version's entry and the version's rules. */
export interface Conversion {
  storage: ResourceInfo;
  version: ServedVersion;
}

const conversions = new Map(served.map((s) => [`${groupVersion(s.info)}/${s.info.plural}`, { storage: s.module.info, version: s.version }]));

/** The conversion of a served version to its storage version; undefined for a storage version (nothing to convert). */
export function conversionFor(info: Pick<ResourceInfo, 'group' | 'version' | 'plural'>): Conversion | undefined {
  return conversions.get(`${groupVersion(info)}/${info.plural}`);
}

/** A served version's form of a stored object, with its apiVersion and kind (the object itself for a storage version). */
export function toServed(info: ResourceInfo, o: Obj): Obj {
  const c = conversionFor(info);
  if (!c) return o;
  return { ...c.version.fromStorage(o), apiVersion: groupVersion(info), kind: info.kind };
}

/** The storage form of an object written in a served version (the object itself for a storage version). */
export function toStorage(info: ResourceInfo, o: Obj): Obj {
  const c = conversionFor(info);
  if (!c) return o;
  return { ...c.version.toStorage(o), apiVersion: groupVersion(c.storage), kind: c.storage.kind };
}

/** The printer for a resource; NAME AGE when it has none. Another served version prints its storage form, as Kubernetes prints the internal object. */
export function printerFor(info: ResourceInfo): Printer {
  const printer = moduleFor(info).printer ?? defaultPrinter;
  if (!conversionFor(info)) return printer;
  return { columns: printer.columns, print: (o, ctx) => printer.print(toStorage(info, o as Obj), ctx) };
}

/**
 * Field selector labels of a served resource, read from the stored form: the module's own, or for
 * another served version its labels mapped onto the module's (events.k8s.io `regarding.kind` reads
 * core's `involvedObject.kind`).
 */
export function fieldLabelsFor(info: ResourceInfo): FieldLabels {
  const mod = moduleFor(info);
  const own = mod.fieldLabels ?? {};
  const c = conversionFor(info);
  if (!c) return own;
  const out: Record<string, FieldLabels[string]> = {};
  for (const [label, storageLabel] of Object.entries(c.version.fieldLabels ?? {})) {
    const read = own[storageLabel];
    if (read) out[label] = read;
  }
  return out;
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
