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

const rbacGroup = 'rbac.authorization.k8s.io';

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** rbac ValidatePolicyRule. */
function validateRules(o: Obj, namespaced: boolean, errs: FieldError[]): void {
  objs(o.rules).forEach((rule, i) => {
    const p = `rules[${i}]`;
    // A missing list is reported by the schema check ("Required value"); an empty one here.
    if (Array.isArray(rule.verbs) && rule.verbs.length === 0) errs.push(fe.required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls = strs(rule.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced) errs.push(fe.invalid(`${p}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (strs(rule.apiGroups).length > 0 || strs(rule.resources).length > 0 || strs(rule.resourceNames).length > 0)
        errs.push(fe.invalid(`${p}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (!Array.isArray(rule.apiGroups) || rule.apiGroups.length === 0) errs.push(fe.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (strs(rule.resources).length === 0) errs.push(fe.required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
}

/** rbac ValidateRoleBinding / ValidateClusterRoleBinding. */
function validateBinding(o: Obj, namespaced: boolean, errs: FieldError[]): void {
  const ref = isObj(o.roleRef) ? o.roleRef : {};
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(ref.kind ?? ''))) errs.push(fe.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (ref.apiGroup !== rbacGroup) errs.push(fe.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroup]));
  if (typeof ref.name !== 'string' || ref.name === '') errs.push(fe.required('roleRef.name'));
  else if (ref.name.includes('/') || ref.name.includes('%') || ref.name === '.' || ref.name === '..')
    errs.push(fe.invalid('roleRef.name', ref.name, `may not contain '/' or '%'`));
  objs(o.subjects).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (typeof s.name !== 'string' || s.name === '') errs.push(fe.required(`${p}.name`));
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.apiGroup !== undefined && s.apiGroup !== '') errs.push(fe.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
        if (!namespaced && (typeof s.namespace !== 'string' || s.namespace === '')) errs.push(fe.required(`${p}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (s.apiGroup !== rbacGroup) errs.push(fe.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [rbacGroup]));
        break;
      default:
        errs.push(fe.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
}

/** certificates ValidateCertificateSigningRequest (v1): a PEM CSR, a signer, usages, a sane duration, coherent conditions. */
function validateCSR(o: Obj, errs: FieldError[]): void {
  const spec = isObj(o.spec) ? o.spec : {};
  const pem = typeof spec.request === 'string' ? Buffer.from(spec.request, 'base64').toString('utf8') : '';
  if (!pem) errs.push(fe.required('spec.request'));
  else if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) errs.push(fe.invalid('spec.request', '<request data>', 'PEM block type must be CERTIFICATE REQUEST'));
  if (typeof spec.signerName !== 'string' || spec.signerName === '') errs.push(fe.required('spec.signerName'));
  else if (!/^[a-z0-9.-]+\/[a-zA-Z0-9.:_-]+$/.test(spec.signerName) || spec.signerName.split('/')[0].indexOf('.') < 0)
    errs.push(fe.invalid('spec.signerName', spec.signerName, 'should be a domain with at least two segments separated by dots, followed by a path'));
  if (strs(spec.usages).length === 0) errs.push(fe.required('spec.usages'));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    errs.push(fe.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  const status = isObj(o.status) ? o.status : {};
  const conds = objs(status.conditions);
  const types = new Set<string>();
  conds.forEach((c, i) => {
    const t = String(c.type ?? '');
    if (t === '') errs.push(fe.required(`status.conditions[${i}].type`));
    else if (types.has(t) && ['Approved', 'Denied', 'Failed'].includes(t)) errs.push(fe.duplicate(`status.conditions[${i}].type`, t));
    if ((t === 'Approved' || t === 'Denied') && c.status !== 'True') errs.push(fe.notSupported(`status.conditions[${i}].status`, c.status ?? '', ['True']));
    types.add(t);
  });
  if (types.has('Approved') && types.has('Denied'))
    errs.push(fe.invalid('status.conditions', 'Approved,Denied', 'Approved and Denied conditions are mutually exclusive'));
  if (typeof status.certificate === 'string' && status.certificate !== '' && !types.has('Approved'))
    errs.push(fe.invalid('status.certificate', '<certificate data>', 'certificate issued to a non-approved request'));
}

const systemPriorityClasses: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

function validatePriorityClass(o: Obj, errs: FieldError[]): void {
  const name = isObj(o.metadata) ? String(o.metadata.name ?? '') : '';
  const value = o.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) errs.push(fe.required('value'));
  if (name.startsWith('system-')) {
    if (!(name in systemPriorityClasses)) errs.push(fe.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: priority class ${name} is not a known system priority class`));
    else if (value !== systemPriorityClasses[name])
      errs.push(fe.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: value of ${name} PriorityClass must be ${systemPriorityClasses[name]}`));
  } else if (typeof value === 'number' && value > 1000000000) {
    errs.push(fe.forbidden('value', 'maximum allowed value of a user defined priority is 1000000000'));
  }
  const pp = o.preemptionPolicy;
  if (pp !== undefined && pp !== 'Never' && pp !== 'PreemptLowerPriority') errs.push(fe.notSupported('preemptionPolicy', pp, ['Never', 'PreemptLowerPriority']));
}

/** Go's %v of an rbac.RoleRef, as "cannot change roleRef" prints it. */
function goRoleRef(v: unknown): string {
  const r = isObj(v) ? v : {};
  return `rbac.RoleRef{APIGroup:${JSON.stringify(String(r.apiGroup ?? ''))}, Kind:${JSON.stringify(String(r.kind ?? ''))}, Name:${JSON.stringify(String(r.name ?? ''))}}`;
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
    case 'roles':
    case 'clusterroles':
      validateRules(o, resource === 'roles', errs);
      break;
    case 'rolebindings':
    case 'clusterrolebindings':
      validateBinding(o, resource === 'rolebindings', errs);
      break;
    case 'certificatesigningrequests':
      validateCSR(o, errs);
      break;
    case 'priorityclasses':
      validatePriorityClass(o, errs);
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
  if ((resource === 'rolebindings' || resource === 'clusterrolebindings') && !jsonEqual(o.roleRef, old.roleRef))
    errs.push({ field: 'roleRef', type: 'FieldValueInvalid', message: `Invalid value: ${goRoleRef(o.roleRef)}: cannot change roleRef` });
  if (resource === 'priorityclasses') {
    if (o.value !== old.value) errs.push(fe.forbidden('value', 'may not be changed in an update.'));
    if (o.preemptionPolicy !== old.preemptionPolicy) errs.push({ field: 'preemptionPolicy', type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(o.preemptionPolicy ?? null)}: field is immutable` });
  }
  if ((resource === 'configmaps' || resource === 'secrets') && old.immutable === true) {
    immutable('data', o.data, old.data, 'field is immutable when `immutable` is set');
  }
  return errs;
}
