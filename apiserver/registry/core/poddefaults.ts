// Pod defaulting as Kubernetes 1.32's SetDefaults_* (pkg/apis/core/v1/defaults.go and the declarative
// +default markers): defaultPodSpec is SetDefaults_PodSpec and everything beneath it (containers, probes,
// volumes), shared by Pods and pod templates; defaultPodOnly is SetDefaults_Pod, which templates never get.
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { objs, setIfAbsent } from '../strategy/util.js';

/** The tag as Kubernetes' ParseImageName sees it: "latest" when neither tag nor digest is given. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 || image === '' ? '' : 'latest';
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  setIfAbsent(h, 'path', '/');
  setIfAbsent(h, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setIfAbsent(p, 'timeoutSeconds', 1);
  setIfAbsent(p, 'periodSeconds', 10);
  setIfAbsent(p, 'successThreshold', 1);
  setIfAbsent(p, 'failureThreshold', 3);
  defaultHTTPGet(p.httpGet);
  if (isObj(p.grpc)) setIfAbsent(p.grpc, 'service', '');
}

function defaultFieldRef(holder: Obj): void {
  if (isObj(holder.fieldRef)) setIfAbsent(holder.fieldRef, 'apiVersion', 'v1');
}

/** SetDefaults_Container (also for init and ephemeral containers) and the defaults of what it holds. */
function defaultContainer(c: Obj): void {
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === '') {
    c.imagePullPolicy = imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'resources', {});
  for (const port of objs(c.ports)) setIfAbsent(port, 'protocol', 'TCP');
  for (const env of objs(c.env)) if (isObj(env.valueFrom)) defaultFieldRef(env.valueFrom);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    for (const hook of [c.lifecycle.postStart, c.lifecycle.preStop]) if (isObj(hook)) defaultHTTPGet(hook.httpGet);
  }
}

/** SetDefaults_Volume and the volume sources' defaults (modes 0644, hostPath type "", token expiry). */
function defaultVolume(v: Obj): void {
  const hasSource = Object.entries(v).some(([k, val]) => k !== 'name' && val !== undefined && val !== null);
  if (!hasSource) v.emptyDir = {};
  for (const src of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    if (isObj(v[src])) setIfAbsent(v[src] as Obj, 'defaultMode', 420);
  }
  if (isObj(v.hostPath)) setIfAbsent(v.hostPath, 'type', '');
  if (isObj(v.downwardAPI)) for (const item of objs(v.downwardAPI.items)) defaultFieldRef(item);
  if (isObj(v.projected)) {
    for (const s of objs(v.projected.sources)) {
      if (isObj(s.downwardAPI)) for (const item of objs(s.downwardAPI.items)) defaultFieldRef(item);
      if (isObj(s.serviceAccountToken)) setIfAbsent(s.serviceAccountToken, 'expirationSeconds', 3600);
    }
  }
}

/** SetDefaults_PodSpec: what Pods and the pod templates of workloads both get. */
export function defaultPodSpec(spec: Obj): void {
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers), ...objs(spec.ephemeralContainers)]) defaultContainer(c);
  for (const v of objs(spec.volumes)) defaultVolume(v);
}

/** SetDefaults_Pod: only Pods, never templates (Kubernetes keeps these out of templates on purpose). */
export function defaultPodOnly(spec: Obj): void {
  // Limits without requests: requests default to the limits (containers and init containers only).
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
    if (isObj(c.resources) && isObj(c.resources.limits)) {
      const req = ensure(c.resources, 'requests');
      for (const [k, v] of Object.entries(c.resources.limits)) setIfAbsent(req, k, v);
    }
  }
  setIfAbsent(spec, 'enableServiceLinks', true);
  // With host networking every container port is a host port.
  if (spec.hostNetwork === true) {
    for (const c of [...objs(spec.containers), ...objs(spec.initContainers)])
      for (const p of objs(c.ports)) if (p.hostPort === undefined || p.hostPort === 0) p.hostPort = p.containerPort;
  }
}
