// ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1): structure and references are
// validated as Kubernetes 1.32 does; CEL compilation goes through ./cel.ts (issue 14), which also
// owns status.typeChecking. Enforcing the policies is issue 14's.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName } from '../../../apimachinery/validation.js';
import { validatingAdmissionPolicyPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { objAt, objs, setIfAbsent } from '../strategy/util.js';
import { checkExpression } from './cel.js';
import { defaultMatchResources, failurePolicies, validateMatchConditions, validateMatchResources } from './match.js';

const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const maxAuditAnnotations = 20;
const maxValueExpressionLength = 5 * 1024;
const celIdentifier = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const celReserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function validateParamKind(pk: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const av = typeof pk.apiVersion === 'string' ? pk.apiVersion : '';
  if (av === '') errs.push(fe.required(`${path}.apiVersion`));
  else if (av.split('/').length > 2) errs.push(fe.invalid(`${path}.apiVersion`, av, `unexpected GroupVersion string: ${av}`));
  else if (av !== '/') {
    const [group, version] = av.includes('/') ? av.split('/') : ['', av];
    if (group !== '') {
      const e = isDNS1123Subdomain(group);
      if (e.length > 0) errs.push(fe.invalid(`${path}.apiVersion`, group, e.join(',')));
    }
    if (version === '') errs.push(fe.invalid(`${path}.apiVersion`, av, 'version must be specified'));
    else {
      const e = isDNS1035Label(version);
      if (e.length > 0) errs.push(fe.invalid(`${path}.apiVersion`, version, e.join(',')));
    }
  }
  const kind = typeof pk.kind === 'string' ? pk.kind : '';
  if (kind === '') errs.push(fe.required(`${path}.kind`));
  else {
    const e = isDNS1035Label(kind.toLowerCase());
    if (e.length > 0) errs.push(fe.invalid(`${path}.kind`, kind, `may have mixed case, but should otherwise match: ${e.join(',')}`));
  }
  return errs;
}

function validateValidation(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const expr = typeof v.expression === 'string' ? v.expression : '';
  if (expr.trim() === '') errs.push(fe.required(`${path}.expression`, 'expression is not specified'));
  else errs.push(...checkExpression('validation', expr, `${path}.expression`));
  const me = typeof v.messageExpression === 'string' ? v.messageExpression : '';
  if (me.length > 0 && me.trim() === '') errs.push(fe.invalid(`${path}.messageExpression`, me, 'must be non-empty if specified'));
  else if (me.trim() !== '') errs.push(...checkExpression('messageExpression', me, `${path}.messageExpression`));
  const msg = typeof v.message === 'string' ? v.message : '';
  if (msg.length > 0 && msg.trim() === '') errs.push(fe.invalid(`${path}.message`, msg, 'message must be non-empty if specified'));
  else if (/[\n\r]/.test(msg.trim())) errs.push(fe.invalid(`${path}.message`, msg, 'message must not contain line breaks'));
  if (v.reason != null && !reasons.includes(String(v.reason))) errs.push(fe.notSupported(`${path}.reason`, v.reason, reasons));
  return errs;
}

function validateAuditAnnotation(a: Obj, policyName: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const key = typeof a.key === 'string' ? a.key : '';
  if (policyName !== '') for (const m of isQualifiedName(`${policyName}/${key}`)) errs.push(fe.invalid(`${path}.key`, `${policyName}/${key}`, m));
  else errs.push(fe.invalid(`${path}.key`, key, 'requires metadata.name be non-empty'));
  const ve = typeof a.valueExpression === 'string' ? a.valueExpression.trim() : '';
  if (ve === '') errs.push(fe.required(`${path}.valueExpression`, 'valueExpression is not specified'));
  else if (ve.length > maxValueExpressionLength) errs.push(fe.required(`${path}.valueExpression`, `must not exceed ${maxValueExpressionLength} bytes in length`));
  else errs.push(...checkExpression('auditAnnotation', ve, `${path}.valueExpression`));
  return errs;
}

function validateVariable(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof v.name === 'string' ? v.name : '';
  if (name.trim() === '') errs.push(fe.required(`${path}.name`, 'name is not specified'));
  else if (!celIdentifier.test(name) || celReserved.has(name)) errs.push(fe.invalid(`${path}.name`, name, 'name is not a valid CEL identifier'));
  const expr = typeof v.expression === 'string' ? v.expression : '';
  if (expr.trim() === '') errs.push(fe.required(`${path}.expression`, 'expression is not specified'));
  else errs.push(...checkExpression('variable', expr, `${path}.expression`));
  return errs;
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const name = String(objAt(o.metadata).name ?? '');
  if (spec.failurePolicy == null) errs.push(fe.required('spec.failurePolicy'));
  else if (!failurePolicies.includes(String(spec.failurePolicy))) errs.push(fe.notSupported('spec.failurePolicy', spec.failurePolicy, failurePolicies));
  if (isObj(spec.paramKind)) errs.push(...validateParamKind(spec.paramKind, 'spec.paramKind'));
  if (!isObj(spec.matchConstraints)) errs.push(fe.required('spec.matchConstraints'));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, 'spec.matchConstraints'));
    if (objs(spec.matchConstraints.resourceRules).length === 0) errs.push(fe.required('spec.matchConstraints.resourceRules'));
  }
  errs.push(...validateMatchConditions(spec.matchConditions, 'spec.matchConditions'));
  objs(spec.variables).forEach((v, i) => errs.push(...validateVariable(v, `spec.variables[${i}]`)));
  const validations = objs(spec.validations);
  const audits = objs(spec.auditAnnotations);
  if (validations.length === 0 && audits.length === 0) {
    errs.push(fe.required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
    errs.push(fe.required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item'));
    return errs;
  }
  validations.forEach((v, i) => errs.push(...validateValidation(v, `spec.validations[${i}]`)));
  if (audits.length > maxAuditAnnotations) errs.push(fe.invalid('spec.auditAnnotations', spec.auditAnnotations, `must not have more than ${maxAuditAnnotations} auditAnnotations`));
  const keys = new Set<string>();
  audits.forEach((a, i) => {
    errs.push(...validateAuditAnnotation(a, name, `spec.auditAnnotations[${i}]`));
    const key = String(a.key ?? '');
    if (keys.has(key)) errs.push(fe.duplicate(`spec.auditAnnotations[${i}].key`, key));
    keys.add(key);
  });
  return errs;
}

export const validatingadmissionpolicies = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', namespaced: false,
  categories: ['api-extensions'],
  hasGeneration: true,
  defaults(o) {
    if (!isObj(o.spec)) return;
    setIfAbsent(o.spec, 'failurePolicy', 'Fail');
    defaultMatchResources(o.spec.matchConstraints);
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  printer: validatingAdmissionPolicyPrinter,
  subresources: { status: { type: 'status' } },
});
