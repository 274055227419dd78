// Ingresses: rules (hosts, wildcards, paths per pathType), backends (service XOR resource, port name
// XOR number), TLS hosts and secrets, the class annotation; the load-balancer status is the controller's.
import { isIP } from 'node:net';
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName } from '../../../apimachinery/validation.js';
import { ingressPrinter } from '../../printers/network.js';
import { defineResource } from '../strategy/define.js';
import { objAt, objs } from '../strategy/util.js';
import { hostErrors, portNameErrors, portNumErrors } from './checks.js';

const classAnnotation = 'kubernetes.io/ingress.class';
const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** TypedLocalObjectReference of a resource backend. */
function validateResourceRef(ref: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof ref.apiGroup === 'string') for (const m of isDNS1123Subdomain(ref.apiGroup)) errs.push(fe.invalid(`${p}.apiGroup`, ref.apiGroup, m));
  for (const key of ['kind', 'name']) {
    const v = str(ref[key]);
    if (v === '') errs.push(fe.required(`${p}.${key}`));
    else for (const m of isValidPathSegmentName(v)) errs.push(fe.invalid(`${p}.${key}`, v, m));
  }
  return errs;
}

export function validateBackend(backend: Obj, p: string): FieldError[] {
  const hasResource = isObj(backend.resource);
  const hasService = isObj(backend.service);
  if (hasResource && hasService) return [fe.invalid(p, '', 'cannot set both resource and service backends')];
  if (hasResource) return validateResourceRef(objAt(backend.resource), `${p}.resource`);
  if (!hasService) return [fe.invalid(p, '', 'resource or service backend is required')];
  const svc = objAt(backend.service);
  const errs: FieldError[] = [];
  const name = str(svc.name);
  if (name === '') errs.push(fe.required(`${p}.service.name`));
  else for (const m of isDNS1035Label(name)) errs.push(fe.invalid(`${p}.service.name`, name, m));
  const port = objAt(svc.port);
  const portName = str(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName !== '' && portNumber !== 0) errs.push(fe.invalid(p, '', 'cannot set both port name & port number'));
  else if (portName !== '') for (const m of portNameErrors(portName)) errs.push(fe.invalid(`${p}.service.port.name`, portName, m));
  else if (portNumber !== 0) for (const m of portNumErrors(portNumber)) errs.push(fe.invalid(`${p}.service.port.number`, portNumber, m));
  else errs.push(fe.required(p, 'port name or number is required'));
  return errs;
}

function validatePath(path: Obj, p: string): FieldError[] {
  if (path.pathType === undefined || path.pathType === null) return [fe.required(`${p}.pathType`, 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = str(path.path);
  const type = String(path.pathType);
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) errs.push(fe.invalid(`${p}.path`, value, 'must be an absolute path'));
    for (const seq of invalidPathSequences) if (value.includes(seq)) errs.push(fe.invalid(`${p}.path`, value, `must not contain '${seq}'`));
    for (const suffix of invalidPathSuffixes) if (value.endsWith(suffix)) errs.push(fe.invalid(`${p}.path`, value, `cannot end with '${suffix}'`));
  } else if (type === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) errs.push(fe.invalid(`${p}.path`, value, 'must be an absolute path'));
  } else {
    errs.push(fe.notSupported(`${p}.pathType`, type, pathTypes));
  }
  errs.push(...validateBackend(objAt(path.backend), `${p}.backend`));
  return errs;
}

function validateRules(rules: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const p = `spec.rules[${i}]`;
    const host = str(rule.host);
    if (host !== '') {
      if (isIP(host) !== 0) errs.push(fe.invalid(`${p}.host`, host, 'must be a DNS name, not an IP address'));
      for (const m of hostErrors(host)) errs.push(fe.invalid(`${p}.host`, host, m));
    }
    if (!isObj(rule.http)) return;
    const paths = objs(rule.http.paths);
    if (paths.length === 0) errs.push(fe.required(`${p}.http.paths`));
    paths.forEach((path, j) => errs.push(...validatePath(path, `${p}.http.paths[${j}]`)));
  });
  return errs;
}

function validateTLS(tls: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    (Array.isArray(t.hosts) ? t.hosts : []).forEach((h: unknown, j: number) => {
      for (const m of hostErrors(String(h))) errs.push(fe.invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    });
    const secret = str(t.secretName);
    if (secret !== '') for (const m of isDNS1123Subdomain(secret)) errs.push(fe.invalid(`spec.tls[${i}].secretName`, secret, m));
  });
  return errs;
}

export function validateIngressSpec(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs: FieldError[] = [];
  const rules = objs(spec.rules);
  if (rules.length === 0 && !isObj(spec.defaultBackend)) {
    const shown = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push({ field: 'spec', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: either \`defaultBackend\` or \`rules\` must be specified` });
  }
  if (isObj(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  errs.push(...validateRules(rules), ...validateTLS(objs(spec.tls)));
  if (typeof spec.ingressClassName === 'string')
    for (const m of isDNS1123Subdomain(spec.ingressClassName)) errs.push(fe.invalid('spec.ingressClassName', spec.ingressClassName, m));
  return errs;
}

function classAnnotationMatches(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const annotations = objAt(objAt(o.metadata).annotations);
  const cls = objAt(o.spec).ingressClassName;
  const annotated = annotations[classAnnotation];
  if (typeof annotated === 'string' && typeof cls === 'string' && annotated !== cls)
    errs.push(fe.invalid(`annotations.${classAnnotation}`, annotated, 'must match `ingressClassName` when both are specified'));
  return errs;
}

/** ValidateIngressLoadBalancerStatus: IPs and DNS names of the load-balancer ingress points. */
function validateStatus(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  objs(objAt(objAt(o.status).loadBalancer).ingress).forEach((ing, i) => {
    const p = `status.loadBalancer.ingress[${i}]`;
    const ip = str(ing.ip);
    if (ip !== '' && isIP(ip) === 0) errs.push(fe.invalid(`${p}.ip`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    const hostname = str(ing.hostname);
    if (hostname !== '') {
      for (const m of isDNS1123Subdomain(hostname)) errs.push(fe.invalid(`${p}.hostname`, hostname, m));
      if (isIP(hostname) !== 0) errs.push(fe.invalid(`${p}.hostname`, hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

export const ingresses = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true,
  shortNames: ['ing'],
  hasGeneration: true,
  prepareForCreate(o) {
    o.status = { loadBalancer: {} };
  },
  validate: validateIngressSpec,
  validateCreate: classAnnotationMatches,
  validateUpdate(o, _old, subresource) {
    return subresource === 'status' ? validateStatus(o) : [];
  },
  printer: ingressPrinter,
  subresources: { status: { type: 'status' } },
});
