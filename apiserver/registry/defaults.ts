// API defaulting as Kubernetes' SetDefaults_* functions do it, for the kinds we serve. Runs on
// create and on update, so a value omitted by a client is filled the same way both times.
import { type Obj, isObj, ensure } from '../../apimachinery/objects.js';

type Defaulter = (o: Obj) => void;

function setIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : undefined;
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setIfAbsent(p, 'timeoutSeconds', 1);
  setIfAbsent(p, 'periodSeconds', 10);
  setIfAbsent(p, 'successThreshold', 1);
  setIfAbsent(p, 'failureThreshold', 3);
  if (isObj(p.httpGet)) setIfAbsent(p.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(c: Obj): void {
  if (typeof c.image === 'string' && c.imagePullPolicy === undefined) {
    const tag = imageTag(c.image);
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'resources', {});
  for (const port of objs(c.ports)) setIfAbsent(port, 'protocol', 'TCP');
  for (const env of objs(c.env)) {
    if (isObj(env.valueFrom) && isObj(env.valueFrom.fieldRef)) setIfAbsent(env.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  // Limits without requests: requests default to the limits.
  if (isObj(c.resources) && isObj(c.resources.limits)) {
    const req = ensure(c.resources, 'requests');
    for (const [k, v] of Object.entries(c.resources.limits)) setIfAbsent(req, k, v);
  }
}

function defaultVolume(v: Obj): void {
  for (const src of ['configMap', 'secret']) {
    if (isObj(v[src])) setIfAbsent(v[src] as Obj, 'defaultMode', 420);
  }
  if (isObj(v.downwardAPI)) setIfAbsent(v.downwardAPI, 'defaultMode', 420);
  if (isObj(v.projected)) setIfAbsent(v.projected, 'defaultMode', 420);
  if (isObj(v.hostPath)) setIfAbsent(v.hostPath, 'type', '');
}

export function defaultPodSpec(spec: Obj): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  setIfAbsent(spec, 'enableServiceLinks', true);
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) defaultContainer(c);
  for (const v of objs(spec.volumes)) defaultVolume(v);
}

function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(ensure(spec.template, 'spec'));
}

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

const pod: Defaulter = (o) => {
  const spec = ensure(o, 'spec');
  defaultPodSpec(spec);
  // ServiceAccount admission and DefaultTolerationSeconds admission.
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
  setIfAbsent(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  setIfAbsent(spec, 'priority', 0);
  const tolerations = objs(spec.tolerations);
  for (const t of defaultTolerations) {
    if (!tolerations.some((x) => x.key === t.key && (x.effect === undefined || x.effect === 'NoExecute'))) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
};

const deployment: Defaulter = (o) => {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', '25%');
    setIfAbsent(ru, 'maxSurge', '25%');
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
};

const replicaSet: Defaulter = (o) => {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec);
};

const service: Defaulter = (o) => {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'type', 'ClusterIP');
  setIfAbsent(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = ensure(spec, 'sessionAffinityConfig', 'clientIP');
    setIfAbsent(cfg, 'timeoutSeconds', 10800);
  }
  for (const p of objs(spec.ports)) {
    setIfAbsent(p, 'protocol', 'TCP');
    if (spec.type !== 'ExternalName') setIfAbsent(p, 'targetPort', p.port);
  }
  if (spec.type !== 'ExternalName') {
    setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
    setIfAbsent(spec, 'ipFamilies', ['IPv4']);
    setIfAbsent(spec, 'ipFamilyPolicy', 'SingleStack');
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setIfAbsent(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setIfAbsent(spec, 'allocateLoadBalancerNodePorts', true);
};

const secret: Defaulter = (o) => {
  setIfAbsent(o, 'type', 'Opaque');
  // stringData is write-only: it is merged into data (base64) and never stored.
  if (isObj(o.stringData)) {
    const data = ensure(o, 'data');
    for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete o.stringData;
  }
};

const namespace: Defaulter = (o) => {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'finalizers', ['kubernetes']);
  setIfAbsent(ensure(o, 'status'), 'phase', 'Active');
  // The automatic kubernetes.io/metadata.name label (NamespaceDefaultLabelName).
  const m = ensure(o, 'metadata');
  const labels = ensure(m, 'labels') as Record<string, unknown>;
  if (typeof m.name === 'string') labels['kubernetes.io/metadata.name'] = m.name;
};

const endpoints: Defaulter = (o) => {
  for (const s of objs(o.subsets)) for (const p of objs(s.ports)) setIfAbsent(p, 'protocol', 'TCP');
};

const endpointSlice: Defaulter = (o) => {
  for (const p of objs(o.ports)) setIfAbsent(p, 'protocol', 'TCP');
};

const event: Defaulter = (o) => {
  const m = ensure(o, 'metadata');
  const io = isObj(o.involvedObject) ? o.involvedObject : undefined;
  if (io && io.namespace === undefined && typeof m.namespace === 'string') io.namespace = m.namespace;
  setIfAbsent(o, 'type', 'Normal');
};

/** SetDefaults_Subject: User and Group subjects live in the rbac group, ServiceAccounts in core. */
const binding: Defaulter = (o) => {
  for (const s of objs(o.subjects)) {
    if (s.apiGroup !== undefined && s.apiGroup !== '') continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
    // Core group: "" — which Kubernetes' JSON leaves out (omitempty).
    else if (s.kind === 'ServiceAccount') delete s.apiGroup;
  }
};

const priorityClass: Defaulter = (o) => {
  setIfAbsent(o, 'preemptionPolicy', 'PreemptLowerPriority');
};

const defaulters: Record<string, Defaulter> = {
  rolebindings: binding,
  clusterrolebindings: binding,
  priorityclasses: priorityClass,
  pods: pod,
  deployments: deployment,
  replicasets: replicaSet,
  services: service,
  secrets: secret,
  namespaces: namespace,
  endpoints,
  endpointslices: endpointSlice,
  events: event,
};

/** Applies the defaults of `resource` (plural) to `o` in place. */
export function applyDefaults(resource: string, o: Obj): void {
  defaulters[resource]?.(o);
}
