// A small type model of the built-in API types: for every field that is not a plain
// "maps merge, lists are atomic" value it records how lists merge (the k8s.io/api struct tags
// patchStrategy / patchMergeKey for strategic merge, listType / listMapKey for server-side apply)
// and which structs are atomic or retainKeys. Fields not described here are untyped: objects merge
// key by key and lists are replaced whole.

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface ListSchema {
  kind: 'list';
  /** Strategic-merge strategy: 'merge' merges by patchMergeKey (or as a set for scalars). */
  strategy: 'merge' | 'merge,retainKeys' | 'atomic';
  /** Strategic-merge key for lists of objects. */
  mergeKey?: string;
  /** Server-side apply list type. */
  listType: 'map' | 'set' | 'atomic';
  /** Server-side apply key fields for listType map (may be several, e.g. port + protocol). */
  listMapKeys?: string[];
  /** Values used for key fields an item omits (Kubernetes defaults protocol to TCP). */
  keyDefaults?: Record<string, string | number>;
  elem: Schema;
}

export interface StructSchema {
  kind: 'struct';
  fields: Record<string, Schema>;
  /** structType=atomic: server-side apply owns and replaces it as one value. */
  atomic?: boolean;
  /** patchStrategy=retainKeys on the field holding this struct (a union such as a volume source). */
  retainKeys?: boolean;
  /** patchStrategy=replace on the field holding this struct: a strategic merge patch replaces it whole (policy/v1 PDB selector). */
  replace?: boolean;
}

export type Schema =
  | { kind: 'scalar' }
  | { kind: 'untyped' }
  | { kind: 'map'; values: Schema }
  | StructSchema
  | ListSchema;

// ---- builders -----------------------------------------------------------------------------------

const scalar: Schema = { kind: 'scalar' };
const untyped: Schema = { kind: 'untyped' };
const struct = (fields: Record<string, Schema>, extra: Partial<StructSchema> = {}): StructSchema => ({
  kind: 'struct',
  fields,
  ...extra,
});
const mapOf = (values: Schema): Schema => ({ kind: 'map', values });
const atomicList = (elem: Schema = untyped): ListSchema => ({ kind: 'list', strategy: 'atomic', listType: 'atomic', elem });
/** A list of objects merged by key; `ssaKeys` when server-side apply uses more keys than SMP. */
function keyed(
  mergeKey: string,
  elem: Schema,
  opts: { ssaKeys?: string[]; retainKeys?: boolean; keyDefaults?: Record<string, string | number> } = {},
): ListSchema {
  return {
    kind: 'list',
    strategy: opts.retainKeys ? 'merge,retainKeys' : 'merge',
    mergeKey,
    listType: 'map',
    listMapKeys: opts.ssaKeys ?? [mergeKey],
    keyDefaults: opts.keyDefaults,
    elem,
  };
}
/** A list of objects with SSA keys but no strategic-merge key (replaced whole by SMP). */
const ssaOnlyMap = (keys: string[], elem: Schema = untyped): ListSchema => ({
  kind: 'list',
  strategy: 'atomic',
  listType: 'map',
  listMapKeys: keys,
  elem,
});
/** A list of scalars merged as a set (patchStrategy=merge, listType=set). */
const mergedSet: ListSchema = { kind: 'list', strategy: 'merge', listType: 'set', elem: scalar };
const stringMap = mapOf(scalar);

// ---- shared types -------------------------------------------------------------------------------

const conditions = keyed('type', untyped);
const labelSelector = struct({ matchLabels: stringMap, matchExpressions: atomicList() }, { atomic: true });

const objectMeta = struct({
  labels: stringMap,
  annotations: stringMap,
  finalizers: mergedSet,
  ownerReferences: keyed('uid', untyped),
  managedFields: atomicList(),
});

const protocolTCP = { protocol: 'TCP' };

const container = struct({
  command: atomicList(scalar),
  args: atomicList(scalar),
  envFrom: atomicList(),
  env: keyed('name', untyped),
  ports: keyed('containerPort', untyped, { ssaKeys: ['containerPort', 'protocol'], keyDefaults: protocolTCP }),
  volumeMounts: keyed('mountPath', untyped),
  volumeDevices: keyed('devicePath', untyped),
  resizePolicy: atomicList(),
  resources: struct({ limits: stringMap, requests: stringMap, claims: ssaOnlyMap(['name']) }),
});

const volume = struct({}, { retainKeys: true });

const podSpec = struct({
  containers: keyed('name', container),
  initContainers: keyed('name', container),
  ephemeralContainers: keyed('name', container),
  volumes: keyed('name', volume, { retainKeys: true }),
  imagePullSecrets: keyed('name', untyped),
  hostAliases: keyed('ip', untyped),
  topologySpreadConstraints: keyed('topologyKey', untyped, { ssaKeys: ['topologyKey', 'whenUnsatisfiable'] }),
  resourceClaims: keyed('name', untyped, { retainKeys: true }),
  schedulingGates: keyed('name', untyped),
  tolerations: atomicList(),
  readinessGates: atomicList(),
  nodeSelector: stringMap,
  overhead: stringMap,
});

const podStatus = struct({
  conditions,
  podIPs: keyed('ip', untyped),
  hostIPs: keyed('ip', untyped),
  containerStatuses: atomicList(),
  initContainerStatuses: atomicList(),
  ephemeralContainerStatuses: atomicList(),
});

const podTemplateSpec = struct({ metadata: objectMeta, spec: podSpec });

const workloadSpec = (extra: Record<string, Schema> = {}): StructSchema =>
  struct({ selector: labelSelector, template: podTemplateSpec, ...extra });
const workloadStatus = struct({ conditions });
/** JobStatus.conditions: strategic merge by type, but listType=atomic for server-side apply. */
const jobConditions: ListSchema = { kind: 'list', strategy: 'merge', mergeKey: 'type', listType: 'atomic', elem: untyped };

const webhook = struct({
  rules: atomicList(),
  admissionReviewVersions: atomicList(scalar),
  namespaceSelector: labelSelector,
  objectSelector: labelSelector,
  matchConditions: keyed('name', untyped),
});
const matchResources = struct({ namespaceSelector: labelSelector, objectSelector: labelSelector, resourceRules: atomicList(), excludeResourceRules: atomicList() }, { atomic: true });

// ---- kinds --------------------------------------------------------------------------------------

const root = (fields: Record<string, Schema>): StructSchema => struct({ metadata: objectMeta, ...fields });

const kinds: Record<string, StructSchema> = {
  '/Pod': root({ spec: podSpec, status: podStatus }),
  '/PodTemplate': root({ template: podTemplateSpec }),
  '/ReplicationController': root({ spec: struct({ selector: stringMap, template: podTemplateSpec }), status: workloadStatus }),
  '/PersistentVolume': root({
    spec: struct({ accessModes: atomicList(scalar), capacity: stringMap, mountOptions: atomicList(scalar), claimRef: struct({}, { atomic: true }) }),
  }),
  '/PersistentVolumeClaim': root({
    spec: struct({ accessModes: atomicList(scalar), selector: labelSelector, resources: struct({ limits: stringMap, requests: stringMap }) }),
    status: struct({ conditions, accessModes: atomicList(scalar), capacity: stringMap, allocatedResources: stringMap }),
  }),
  '/ResourceQuota': root({ spec: struct({ hard: stringMap, scopes: atomicList(scalar) }), status: struct({ hard: stringMap, used: stringMap }) }),
  '/LimitRange': root({ spec: struct({ limits: atomicList() }) }),
  'apps/Deployment': root({
    spec: workloadSpec({ strategy: struct({}, { retainKeys: true }) }),
    status: workloadStatus,
  }),
  'apps/ReplicaSet': root({ spec: workloadSpec(), status: workloadStatus }),
  'apps/StatefulSet': root({ spec: workloadSpec({ volumeClaimTemplates: atomicList() }), status: workloadStatus }),
  'apps/DaemonSet': root({ spec: workloadSpec(), status: workloadStatus }),
  'apps/ControllerRevision': root({}),
  'batch/Job': root({ spec: workloadSpec(), status: struct({ conditions: jobConditions }) }),
  'batch/CronJob': root({
    spec: struct({ jobTemplate: struct({ metadata: objectMeta, spec: workloadSpec() }) }),
    status: struct({ active: atomicList() }),
  }),
  '/Service': root({
    spec: struct({
      ports: keyed('port', untyped, { ssaKeys: ['port', 'protocol'], keyDefaults: protocolTCP }),
      selector: stringMap,
      clusterIPs: atomicList(scalar),
      externalIPs: atomicList(scalar),
      ipFamilies: atomicList(scalar),
      loadBalancerSourceRanges: atomicList(scalar),
    }),
    status: struct({ conditions, loadBalancer: struct({ ingress: atomicList() }) }),
  }),
  '/Node': root({
    spec: struct({ taints: atomicList(), podCIDRs: mergedSet }),
    status: struct({
      conditions,
      addresses: keyed('type', untyped),
      capacity: stringMap,
      allocatable: stringMap,
      images: atomicList(),
      volumesInUse: atomicList(scalar),
      volumesAttached: atomicList(),
    }),
  }),
  '/Endpoints': root({ subsets: atomicList() }),
  'discovery.k8s.io/EndpointSlice': root({ endpoints: atomicList(), ports: atomicList() }),
  '/ConfigMap': root({ data: stringMap, binaryData: stringMap }),
  '/Secret': root({ data: stringMap, stringData: stringMap }),
  '/Namespace': root({ spec: struct({ finalizers: atomicList(scalar) }), status: struct({ conditions }) }),
  '/Event': root({}),
  'events.k8s.io/Event': root({}),
  'coordination.k8s.io/Lease': root({}),
  '/ServiceAccount': root({ secrets: keyed('name', untyped), imagePullSecrets: atomicList() }),
  // networking.k8s.io, storage.k8s.io, node.k8s.io: lists without a patch strategy are atomic.
  'networking.k8s.io/Ingress': root({}),
  'networking.k8s.io/IngressClass': root({}),
  'networking.k8s.io/NetworkPolicy': root({ spec: struct({ podSelector: labelSelector }) }),
  'storage.k8s.io/StorageClass': root({ parameters: stringMap }),
  'storage.k8s.io/CSIDriver': root({ spec: struct({ volumeLifecycleModes: { kind: 'list', strategy: 'atomic', listType: 'set', elem: scalar } }) }),
  'storage.k8s.io/CSINode': root({ spec: struct({ drivers: keyed('name', untyped) }) }),
  'storage.k8s.io/CSIStorageCapacity': root({ nodeTopology: labelSelector }),
  'storage.k8s.io/VolumeAttachment': root({ status: struct({ attachmentMetadata: stringMap }) }),
  'node.k8s.io/RuntimeClass': root({ scheduling: struct({ nodeSelector: struct({}, { atomic: true }) }) }),
  // autoscaling/v2 (v1 has no lists): metrics, currentMetrics and behavior policies are atomic.
  'autoscaling/HorizontalPodAutoscaler': root({ status: struct({ conditions }) }),
  'policy/PodDisruptionBudget': root({ spec: struct({ selector: { ...labelSelector, replace: true } }), status: struct({ conditions, disruptedPods: stringMap }) }),
  // issue 13: flowcontrol + admissionregistration + apiextensions + apiregistration
  'flowcontrol.apiserver.k8s.io/FlowSchema': root({ spec: struct({ rules: atomicList() }), status: struct({ conditions }) }),
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': root({ status: struct({ conditions }) }),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': root({ webhooks: keyed('name', webhook) }),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': root({ webhooks: keyed('name', webhook) }),
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': root({
    spec: struct({
      matchConstraints: matchResources,
      validations: atomicList(),
      auditAnnotations: atomicList(),
      matchConditions: keyed('name', untyped),
      variables: atomicList(),
    }),
    status: struct({ conditions }),
  }),
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': root({
    spec: struct({ matchResources, validationActions: { kind: 'list', strategy: 'atomic', listType: 'set', elem: scalar } }),
  }),
  'apiextensions.k8s.io/CustomResourceDefinition': root({ spec: struct({ versions: atomicList() }), status: struct({ conditions, storedVersions: atomicList(scalar) }) }),
  'apiregistration.k8s.io/APIService': root({ status: struct({ conditions }) }),
};

const unknownKind = root({});

/** The schema of a kind; unknown kinds get ObjectMeta and untyped everything else. */
export function schemaFor(gvk: GroupVersionKind): StructSchema {
  return kinds[`${gvk.group}/${gvk.kind}`] ?? unknownKind;
}

/** Whether the model knows this kind (strategic merge patch needs a known kind). */
export function isKnownKind(gvk: GroupVersionKind): boolean {
  return `${gvk.group}/${gvk.kind}` in kinds;
}

/** The schema of a field of an object whose schema is `s`, list elements skipped. */
export function fieldSchema(s: Schema, field: string): Schema {
  if (s.kind === 'struct') return s.fields[field] ?? untyped;
  if (s.kind === 'map') return s.values;
  if (s.kind === 'list') return fieldSchema(s.elem, field);
  return untyped;
}

/** The schema of a list's elements (untyped for anything that is not a list). */
export function elemSchema(s: Schema): Schema {
  return s.kind === 'list' ? s.elem : untyped;
}

export interface MergeKeyInfo {
  strategy: ListSchema['strategy'];
  mergeKey?: string;
  listType: ListSchema['listType'];
  listMapKeys: string[];
}

/**
 * How the list at `path` merges, e.g. mergeKeyFor(deployment, 'spec.template.spec.containers.env')
 * → {strategy:'merge', mergeKey:'name', listType:'map', listMapKeys:['name']}. Path segments are
 * field names; list positions (`[0]`, `[]` or numbers) are skipped. Undefined when the path is not
 * a known list (such lists are atomic).
 */
export function mergeKeyFor(gvk: GroupVersionKind, path: string | readonly string[]): MergeKeyInfo | undefined {
  const segs = (typeof path === 'string' ? path.split('.') : [...path])
    .map((s) => s.replace(/\[[^\]]*\]$/, ''))
    .filter((s) => s !== '' && !/^\d+$/.test(s));
  let s: Schema = schemaFor(gvk);
  for (const seg of segs) s = fieldSchema(s, seg);
  if (s.kind !== 'list') return undefined;
  return { strategy: s.strategy, mergeKey: s.mergeKey, listType: s.listType, listMapKeys: s.listMapKeys ?? [] };
}
