// FlowSchemas (flowcontrol.apiserver.k8s.io/v1): which requests go to which priority level. Stored
// and validated here; classifying requests by them is API Priority and Fairness (issue 22).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { validateName } from '../../../apimachinery/validation.js';
import { flowSchemaPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { objAt } from '../strategy/util.js';
import { validateConditions, validateRules } from './rules.js';

export const defaultMatchingPrecedence = 1000;
const maxMatchingPrecedence = 10000;
const distinguisherMethods = ['ByNamespace', 'ByUser'];

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const name = String(objAt(o.metadata).name ?? '');
  const spec = objAt(o.spec);
  const mp = typeof spec.matchingPrecedence === 'number' ? spec.matchingPrecedence : 0;
  if (mp <= 0) errs.push(fe.invalid('spec.matchingPrecedence', mp, 'must be a positive value'));
  if (mp > maxMatchingPrecedence) errs.push(fe.invalid('spec.matchingPrecedence', mp, `must not be greater than ${maxMatchingPrecedence}`));
  if (mp === 1 && name !== 'exempt') errs.push(fe.invalid('spec.matchingPrecedence', mp, "only the schema named 'exempt' may have matchingPrecedence 1"));
  if (isObj(spec.distinguisherMethod) && !distinguisherMethods.includes(String(spec.distinguisherMethod.type)))
    errs.push(fe.notSupported('spec.distinguisherMethod.type', spec.distinguisherMethod.type ?? '', distinguisherMethods));
  const pl = objAt(spec.priorityLevelConfiguration).name;
  if (typeof pl === 'string' && pl !== '') validateName('subdomain', pl).forEach((m) => errs.push(fe.invalid('spec.priorityLevelConfiguration.name', pl, m)));
  else errs.push(fe.required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  errs.push(...validateRules(spec.rules, 'spec.rules'));
  errs.push(...validateConditions(o));
  return errs;
}

export const flowschemas = defineResource({
  group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema', plural: 'flowschemas', namespaced: false,
  hasGeneration: true,
  defaults(o) {
    const spec = isObj(o.spec) ? o.spec : undefined;
    if (spec && (spec.matchingPrecedence === undefined || spec.matchingPrecedence === null || spec.matchingPrecedence === 0)) spec.matchingPrecedence = defaultMatchingPrecedence;
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  printer: flowSchemaPrinter,
  subresources: { status: { type: 'status' } },
});
