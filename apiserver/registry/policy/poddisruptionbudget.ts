// policy/v1 PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget): minAvailable and
// maxUnavailable are exclusive non-negative integers or percentages up to 100%, the unhealthy pod
// eviction policy is one of two; the status is the disruption controller's (its subresource), reset
// on create, and generation moves with the spec.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { pdbPrinter } from '../../printers/autoscaling-policy.js';
import { defineResource } from '../strategy/define.js';
import { validateIntOrPercent } from '../strategy/intorstr.js';
import { objAt } from '../strategy/util.js';

/**
 * The spec as Go's %#v prints the internal PodDisruptionBudgetSpec: its pointer fields show as
 * addresses, which differ from run to run on a real server; here set pointers print a fixed one.
 */
function goSpec(spec: Obj): string {
  const ptr = (type: string, v: unknown): string => `(*${type})(${v === undefined || v === null ? 'nil' : '0xc000010000'})`;
  return (
    `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr('intstr.IntOrString', spec.minAvailable)}, Selector:${ptr('v1.LabelSelector', spec.selector)}, ` +
    `MaxUnavailable:${ptr('intstr.IntOrString', spec.maxUnavailable)}, UnhealthyPodEvictionPolicy:${ptr('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy)}}`
  );
}

const evictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

export function validatePdb(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    errs.push({ field: 'spec', type: 'FieldValueInvalid', message: `Invalid value: ${goSpec(spec)}: minAvailable and maxUnavailable cannot be both set` });
  errs.push(...validateIntOrPercent('spec.minAvailable', spec.minAvailable), ...validateIntOrPercent('spec.maxUnavailable', spec.maxUnavailable));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && !evictionPolicies.includes(String(policy)))
    errs.push(fe.notSupported('spec.unhealthyPodEvictionPolicy', policy, evictionPolicies));
  return errs;
}

/** ValidatePodDisruptionBudgetStatusUpdate (policy/v1): the counters are non-negative. */
export function validatePdbStatus(o: Obj): FieldError[] {
  const status = objAt(o.status);
  const errs: FieldError[] = [];
  for (const k of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    const v = status[k];
    if (typeof v === 'number' && v < 0) errs.push(fe.invalid(`status.${k}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const poddisruptionbudgets = defineResource({
  group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true,
  shortNames: ['pdb'],
  hasGeneration: true,
  prepareForCreate(o) {
    // The status' counters are Go ints, serialised even when 0.
    o.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: validatePdb,
  validateUpdate: (o, _old, subresource) => (subresource === 'status' ? validatePdbStatus(o) : []),
  printer: pdbPrinter,
  subresources: { status: { type: 'status' } },
});
