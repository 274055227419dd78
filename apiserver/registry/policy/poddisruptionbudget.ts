// policy/v1 PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget): minAvailable and
// maxUnavailable are exclusive non-negative integers or percentages up to 100%, the unhealthy pod
// eviction policy is one of two; the status is the disruption controller's (its subresource), reset
// on create, and generation moves with the spec.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { pdbPrinter } from '../../printers/autoscaling-policy.js';
import { defineResource } from '../strategy/define.js';
import { objAt } from '../strategy/util.js';

const percentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** An intstr.IntOrString as Go's %#v prints it in a field error (the type has no value-receiver String()). */
function goIntOrString(v: number | string): string {
  return typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}` : `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
}

function invalidIntOrString(field: string, v: number | string, detail: string): FieldError {
  return { field, type: 'FieldValueInvalid', message: `Invalid value: ${goIntOrString(v)}: ${detail}` };
}

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent. */
function validateIntOrPercent(field: string, v: unknown): FieldError[] {
  if (typeof v === 'number') return v < 0 ? [fe.invalid(field, v, 'must be greater than or equal to 0')] : [];
  if (typeof v !== 'string') return [];
  if (!/^[0-9]+%$/.test(v)) return [invalidIntOrString(field, v, percentMessage)];
  return Number(v.slice(0, -1)) > 100 ? [invalidIntOrString(field, v, 'must not be greater than 100%')] : [];
}

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
