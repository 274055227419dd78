// PodSpec defaulting and validation, shared by Pods and by the pod templates of workloads.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { isDNS1123Label } from '../../../apimachinery/validation.js';
import { objs, setIfAbsent, validPort } from '../strategy/util.js';

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

function validateContainers(list: Obj[], path: string, names: Set<string>, errs: FieldError[]): void {
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const nameErrs = typeof c.name === 'string' ? isDNS1123Label(c.name) : [];
    if (typeof c.name !== 'string' || c.name === '') errs.push(fe.required(`${p}.name`));
    else if (nameErrs.length > 0) errs.push(fe.invalid(`${p}.name`, c.name, nameErrs.join('; ')));
    else if (names.has(c.name)) errs.push(fe.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(fe.required(`${p}.image`));
    objs(c.ports).forEach((port, j) => {
      if (!validPort(port.containerPort))
        errs.push(fe.invalid(`${p}.ports[${j}].containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
      if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(String(port.protocol)))
        errs.push(fe.notSupported(`${p}.ports[${j}].protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    });
    if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(String(c.imagePullPolicy)))
      errs.push(fe.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  });
}

export function validatePodSpec(spec: unknown, path: string, errs: FieldError[]): void {
  if (!isObj(spec)) {
    errs.push(fe.required(path));
    return;
  }
  const containers = objs(spec.containers);
  if (containers.length === 0) errs.push(fe.required(`${path}.containers`));
  const names = new Set<string>();
  validateContainers(containers, `${path}.containers`, names, errs);
  validateContainers(objs(spec.initContainers), `${path}.initContainers`, names, errs);
  const rp = spec.restartPolicy;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(String(rp)))
    errs.push(fe.notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dp = spec.dnsPolicy;
  if (dp !== undefined && !['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].includes(String(dp)))
    errs.push(fe.notSupported(`${path}.dnsPolicy`, dp, ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']));
  const volNames = new Set<string>();
  objs(spec.volumes).forEach((v, i) => {
    if (typeof v.name !== 'string' || v.name === '') errs.push(fe.required(`${path}.volumes[${i}].name`));
    else if (volNames.has(v.name)) errs.push(fe.duplicate(`${path}.volumes[${i}].name`, v.name));
    else volNames.add(v.name);
  });
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
    objs(c.volumeMounts).forEach((m, j) => {
      if (typeof m.name === 'string' && !volNames.has(m.name))
        errs.push({ field: `${path}.containers[${containers.indexOf(c)}].volumeMounts[${j}].name`, type: 'FieldValueNotFound', message: `Not found: "${m.name}"` });
    });
  }
  const tgps = spec.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps < 0)
    errs.push(fe.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than or equal to 0'));
}
