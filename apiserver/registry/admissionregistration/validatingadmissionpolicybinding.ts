// ValidatingAdmissionPolicyBindings (admissionregistration.k8s.io/v1): which policy applies where,
// with which parameters and actions. Stored and validated; enforcement is issue 14's.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isValidPathSegmentName, validateLabelSelector, validateName } from '../../../apimachinery/validation.js';
import { validatingAdmissionPolicyBindingPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent, strs } from '../strategy/util.js';
import { defaultMatchResources, validateMatchResources } from './match.js';

const actions = ['Audit', 'Deny', 'Warn'];

function validateParamRef(pr: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof pr.name === 'string' ? pr.name : '';
  const hasSelector = pr.selector !== undefined && pr.selector !== null;
  if (name !== '') {
    for (const m of isValidPathSegmentName(name)) errs.push(fe.invalid('spec.paramRef.name', name, m));
    if (hasSelector) errs.push(fe.forbidden('spec.paramRef.name', 'name and selector are mutually exclusive'));
  }
  if (hasSelector) {
    errs.push(...validateLabelSelector(pr.selector, 'spec.paramRef.selector'));
    if (name !== '') errs.push(fe.forbidden('spec.paramRef.selector', 'name and selector are mutually exclusive'));
  }
  if (name === '' && !hasSelector) errs.push(fe.required('spec.paramRef', 'one of name or selector must be specified'));
  const action = pr.parameterNotFoundAction;
  if (action == null || action === '') errs.push(fe.required('spec.paramRef.parameterNotFoundAction'));
  else if (action !== 'Deny' && action !== 'Allow') errs.push(fe.notSupported('spec.paramRef.parameterNotFoundAction', action, ['Deny', 'Allow']));
  return errs;
}

function validateActions(list: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((a, i) => {
    if (!actions.includes(a)) errs.push(fe.notSupported(`spec.validationActions[${i}]`, a, actions));
    if (seen.has(a)) errs.push(fe.duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn'))
    errs.push(fe.invalid('spec.validationActions', list, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  if (seen.size === 0) errs.push(fe.required('spec.validationActions', 'at least one validation action is required'));
  return errs;
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const policy = typeof spec.policyName === 'string' ? spec.policyName : '';
  if (policy === '') errs.push(fe.required('spec.policyName'));
  else for (const m of validateName('subdomain', policy)) errs.push(fe.invalid('spec.policyName', policy, m));
  if (isObj(spec.paramRef)) errs.push(...validateParamRef(spec.paramRef));
  errs.push(...validateMatchResources(spec.matchResources, 'spec.matchResources'));
  errs.push(...validateActions(strs(spec.validationActions)));
  return errs;
}

export const validatingadmissionpolicybindings = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings', namespaced: false,
  categories: ['api-extensions'],
  hasGeneration: true,
  defaults(o) {
    if (!isObj(o.spec)) return;
    defaultMatchResources(o.spec.matchResources);
    if (isObj(o.spec.paramRef)) setIfAbsent(o.spec.paramRef, 'parameterNotFoundAction', 'Deny');
  },
  validate,
  printer: validatingAdmissionPolicyBindingPrinter,
});
