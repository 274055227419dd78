// IngressClasses: the controller is a domain-prefixed path and immutable; parameters reference a
// resource by kind and name, cluster-scoped unless they say Namespace (the default scope is Cluster).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, ensure, isObj } from '../../../apimachinery/objects.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName } from '../../../apimachinery/validation.js';
import { ingressClassPrinter } from '../../printers/network.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt, setIfAbsent } from '../strategy/util.js';
import { domainPrefixedPathErrors } from './checks.js';

const maxControllerLength = 250;
const scopes = ['Cluster', 'Namespace'];

function validateParameters(params: Obj): FieldError[] {
  const p = 'spec.parameters';
  const errs: FieldError[] = [];
  if (typeof params.apiGroup === 'string') for (const m of isDNS1123Subdomain(params.apiGroup)) errs.push(fe.invalid(`${p}.apiGroup`, params.apiGroup, m));
  for (const key of ['kind', 'name']) {
    const v = typeof params[key] === 'string' ? params[key] : '';
    if (v === '') errs.push(fe.required(`${p}.${key}`));
    else for (const m of isValidPathSegmentName(v)) errs.push(fe.invalid(`${p}.${key}`, v, m));
  }
  if (params.scope === undefined || params.scope === null) return [...errs, fe.required(`${p}.scope`)];
  const scope = String(params.scope);
  if (!scopes.includes(scope)) errs.push(fe.notSupported(`${p}.scope`, scope, scopes));
  else if (scope === 'Namespace') {
    if (typeof params.namespace !== 'string') errs.push(fe.required(`${p}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else for (const m of isDNS1123Label(params.namespace)) errs.push(fe.invalid(`${p}.namespace`, params.namespace, m));
  } else if (params.namespace !== undefined && params.namespace !== null) {
    errs.push(fe.forbidden(`${p}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const controller = typeof spec.controller === 'string' ? spec.controller : '';
  const errs: FieldError[] = [];
  if (controller === '') errs.push(fe.required('spec.controller'));
  else {
    if (controller.length > maxControllerLength) errs.push(fe.tooLong('spec.controller', maxControllerLength));
    errs.push(...domainPrefixedPathErrors('spec.controller', controller));
  }
  if (isObj(spec.parameters)) errs.push(...validateParameters(spec.parameters));
  return errs;
}

export const ingressclasses = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false,
  hasGeneration: true,
  defaults(o) {
    const spec = ensure(o, 'spec');
    if (isObj(spec.parameters)) setIfAbsent(spec.parameters, 'scope', 'Cluster');
  },
  validate,
  validateUpdate(o, old) {
    const next = objAt(o.spec).controller;
    return next === objAt(old.spec).controller ? [] : [immutableError('spec.controller', next)];
  },
  printer: ingressClassPrinter,
});
