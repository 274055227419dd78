// PriorityClasses: preemption policy default, the reserved system- names and values, immutable value and policy.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { priorityClassPrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, setIfAbsent } from '../strategy/util.js';

const systemPriorityClasses: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
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
  return errs;
}

export const priorityclasses = defineResource({
  group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false,
  shortNames: ['pc'],
  defaults(o) {
    setIfAbsent(o, 'preemptionPolicy', 'PreemptLowerPriority');
  },
  validate,
  validateUpdate(o, old) {
    const errs: FieldError[] = [];
    if (o.value !== old.value) errs.push(fe.forbidden('value', 'may not be changed in an update.'));
    if (o.preemptionPolicy !== old.preemptionPolicy) errs.push(immutableError('preemptionPolicy', o.preemptionPolicy));
    return errs;
  },
  printer: priorityClassPrinter,
});
