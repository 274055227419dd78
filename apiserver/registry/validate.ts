// Semantic validation per resource (what the OpenAPI schema cannot say): required values, ranges,
// selector/template agreement, immutable fields. Returns FieldErrors; never throws.
import { type FieldError, fieldErrors as fe } from '../../apimachinery/errors.js';
import { labelSelectorMatches, type LabelSelector } from '../../apimachinery/labels.js';
import { type Obj, isObj, jsonEqual } from '../../apimachinery/objects.js';
import { isDNS1123Label } from '../validation/names.js';

const configKey = /^[-._a-zA-Z0-9]+$/;

function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function validPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
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

/** A workload selector must be non-empty and select its own template's labels. */
function selectorMatchesLabels(selector: unknown, labels: unknown): boolean {
  if (!isObj(selector)) return false;
  const empty = !isObj(selector.matchLabels) && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return !empty && labelSelectorMatches(selector as LabelSelector, (isObj(labels) ? labels : {}) as Record<string, string>);
}

function validateWorkload(o: Obj, errs: FieldError[], restartAlways: boolean): void {
  const spec = isObj(o.spec) ? o.spec : {};
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    errs.push(fe.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!isObj(spec.selector)) errs.push(fe.required('spec.selector'));
  const tmpl = isObj(spec.template) ? spec.template : undefined;
  if (!tmpl) {
    errs.push(fe.required('spec.template'));
    return;
  }
  const labels = isObj(tmpl.metadata) ? tmpl.metadata.labels : undefined;
  if (isObj(spec.selector) && !selectorMatchesLabels(spec.selector, labels)) {
    const shown = `map[string]string{${Object.entries(isObj(labels) ? labels : {})
      .map(([k, v]) => `"${k}":"${String(v)}"`)
      .join(', ')}}`;
    errs.push({ field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\`` });
  }
  validatePodSpec(tmpl.spec, 'spec.template.spec', errs);
  if (restartAlways && isObj(tmpl.spec) && tmpl.spec.restartPolicy !== undefined && tmpl.spec.restartPolicy !== 'Always')
    errs.push(fe.notSupported('spec.template.spec.restartPolicy', tmpl.spec.restartPolicy, ['Always']));
  if (o.kind === 'Deployment') {
    const st = isObj(spec.strategy) ? spec.strategy : {};
    if (st.type !== undefined && !['Recreate', 'RollingUpdate'].includes(String(st.type)))
      errs.push(fe.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
    if (st.type === 'Recreate' && st.rollingUpdate !== undefined)
      errs.push(fe.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
    const ru = isObj(st.rollingUpdate) ? st.rollingUpdate : undefined;
    if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
      errs.push(fe.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0' || v === '0%';
}

function validateService(o: Obj, errs: FieldError[]): void {
  const spec = isObj(o.spec) ? o.spec : {};
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (spec.type !== undefined && !types.includes(String(spec.type))) errs.push(fe.notSupported('spec.type', spec.type, types));
  const ports = objs(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(fe.required('spec.ports'));
  if (spec.type === 'ExternalName' && (typeof spec.externalName !== 'string' || spec.externalName === ''))
    errs.push(fe.required('spec.externalName'));
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!validPort(p.port)) errs.push(fe.invalid(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (ports.length > 1 && (typeof p.name !== 'string' || p.name === '')) errs.push(fe.required(`spec.ports[${i}].name`));
    const key = `${String(p.port)}/${String(p.protocol ?? 'TCP')}`;
    if (seen.has(key)) errs.push(fe.duplicate(`spec.ports[${i}]`, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    seen.add(key);
    if (p.nodePort !== undefined && spec.type === 'ClusterIP')
      errs.push(fe.forbidden(`spec.ports[${i}].nodePort`, 'may not be used when `type` is \'ClusterIP\''));
    if (typeof p.targetPort === 'number' && !validPort(p.targetPort))
      errs.push(fe.invalid(`spec.ports[${i}].targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
  });
}

function validateDataKeys(o: Obj, errs: FieldError[]): void {
  for (const field of ['data', 'binaryData', 'stringData']) {
    const d = o[field];
    if (!isObj(d)) continue;
    for (const k of Object.keys(d)) {
      if (!configKey.test(k) || k.length > 253)
        errs.push(fe.invalid(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
    }
  }
}

/** Create-time semantic validation. */
export function validateObject(resource: string, o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  switch (resource) {
    case 'pods':
      validatePodSpec(o.spec, 'spec', errs);
      break;
    case 'deployments':
    case 'replicasets':
      validateWorkload(o, errs, true);
      break;
    case 'services':
      validateService(o, errs);
      break;
    case 'configmaps':
      validateDataKeys(o, errs);
      break;
    case 'secrets':
      validateDataKeys(o, errs);
      if (isObj(o.data))
        for (const [k, v] of Object.entries(o.data))
          if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0)
            errs.push(fe.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
      break;
  }
  return errs;
}

/** Update-time validation: everything validateObject checks, plus immutable fields. */
export function validateUpdate(resource: string, o: Obj, old: Obj): FieldError[] {
  const errs = validateObject(resource, o);
  const spec = isObj(o.spec) ? o.spec : {};
  const oldSpec = isObj(old.spec) ? old.spec : {};
  const immutable = (field: string, a: unknown, b: unknown, msg = 'field is immutable'): void => {
    if (!jsonEqual(a, b)) errs.push({ field, type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(a ?? null)}: ${msg}` });
  };
  if (resource === 'deployments' || resource === 'replicasets') immutable('spec.selector', spec.selector, oldSpec.selector);
  if (resource === 'services' && oldSpec.clusterIP !== undefined && spec.clusterIP !== undefined && spec.type === oldSpec.type)
    immutable('spec.clusterIP', spec.clusterIP, oldSpec.clusterIP);
  if (resource === 'pods' && oldSpec.nodeName && spec.nodeName !== oldSpec.nodeName)
    immutable('spec.nodeName', spec.nodeName, oldSpec.nodeName);
  if ((resource === 'configmaps' || resource === 'secrets') && old.immutable === true) {
    immutable('data', o.data, old.data, 'field is immutable when `immutable` is set');
  }
  return errs;
}
