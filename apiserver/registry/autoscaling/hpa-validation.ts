// HorizontalPodAutoscaler validation, as pkg/apis/autoscaling/validation: replica bounds, the scale
// target reference, each metric source and its target, and the scaling behavior's rules.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { tryParseQuantity } from '../../../apimachinery/quantity.js';
import { isDNS1123Label, isValidPathSegmentName } from '../../../apimachinery/validation.js';
import { objAt, objs } from '../strategy/util.js';

const maxPeriodSeconds = 1800;
const maxStabilizationWindowSeconds = 3600;

const pathSegmentErrors = (name: string): string[] => isValidPathSegmentName(name);

export function validateCrossVersionObjectReference(ref: unknown, path: string): FieldError[] {
  const r = objAt(ref);
  const errs: FieldError[] = [];
  for (const key of ['kind', 'name'] as const) {
    const v = typeof r[key] === 'string' ? (r[key] as string) : '';
    if (v === '') errs.push(fe.required(`${path}.${key}`));
    else for (const msg of pathSegmentErrors(v)) errs.push(fe.invalid(`${path}.${key}`, v, msg));
  }
  return errs;
}

/** Quantity.Sign() != 1 for a set quantity. */
function notPositive(v: unknown): boolean {
  if (typeof v === 'number') return v <= 0;
  if (typeof v !== 'string') return false;
  const q = tryParseQuantity(v);
  return q !== undefined && (q.value < 0n || q.value === 0n);
}

function validateMetricTarget(t: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.type === undefined || t.type === '') errs.push(fe.required(`${path}.type`, 'must specify a metric target type'));
  if (t.type !== 'Utilization' && t.type !== 'Value' && t.type !== 'AverageValue') errs.push(fe.invalid(`${path}.type`, t.type ?? '', 'must be either Utilization, Value, or AverageValue'));
  if (t.value !== undefined && notPositive(t.value)) errs.push(fe.invalid(`${path}.value`, t.value, 'must be positive'));
  if (t.averageValue !== undefined && notPositive(t.averageValue)) errs.push(fe.invalid(`${path}.averageValue`, t.averageValue, 'must be positive'));
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1) errs.push(fe.invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateMetricIdentifier(id: Obj, path: string): FieldError[] {
  const name = typeof id.name === 'string' ? id.name : '';
  if (name === '') return [fe.required(`${path}.name`, 'must specify a metric name')];
  return pathSegmentErrors(name).map((msg) => fe.invalid(`${path}.name`, name, msg));
}

function validateUtilizationSource(src: Obj, path: string, container: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (src.name === undefined || src.name === '') errs.push(fe.required(`${path}.name`, 'must specify a resource name'));
  if (container) {
    const c = typeof src.container === 'string' ? src.container : '';
    if (c === '') errs.push(fe.required(`${path}.container`, 'must specify a container'));
    else for (const msg of isDNS1123Label(c)) errs.push(fe.invalid(`${path}.container`, c, msg));
  }
  const t = objAt(src.target);
  errs.push(...validateMetricTarget(t, `${path}.target`));
  if (t.averageUtilization === undefined && t.averageValue === undefined)
    errs.push(fe.required(`${path}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
  if (t.averageUtilization !== undefined && t.averageValue !== undefined)
    errs.push(fe.forbidden(`${path}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
  return errs;
}

function validateSource(kind: string, src: Obj, path: string): FieldError[] {
  const t = objAt(src.target);
  switch (kind) {
    case 'object': {
      const errs = [...validateCrossVersionObjectReference(src.describedObject, `${path}.describedObject`), ...validateMetricIdentifier(objAt(src.metric), `${path}.metric`), ...validateMetricTarget(t, `${path}.target`)];
      if (t.value === undefined && t.averageValue === undefined) errs.push(fe.required(`${path}.target.averageValue`, 'must set either a target value or averageValue'));
      return errs;
    }
    case 'external': {
      const errs = [...validateMetricIdentifier(objAt(src.metric), `${path}.metric`), ...validateMetricTarget(t, `${path}.target`)];
      if (t.value === undefined && t.averageValue === undefined) errs.push(fe.required(`${path}.target.averageValue`, 'must set either a target value for metric or a per-pod target'));
      if (t.value !== undefined && t.averageValue !== undefined) errs.push(fe.forbidden(`${path}.target.value`, 'may not set both a target value for metric and a per-pod target'));
      return errs;
    }
    case 'pods': {
      const errs = [...validateMetricIdentifier(objAt(src.metric), `${path}.metric`), ...validateMetricTarget(t, `${path}.target`)];
      if (t.averageValue === undefined) errs.push(fe.required(`${path}.target.averageValue`, 'must specify a positive target averageValue'));
      return errs;
    }
    default:
      return validateUtilizationSource(src, path, kind === 'containerResource');
  }
}

const sourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const sourceFields: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

function validateMetricSpec(m: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = typeof m.type === 'string' ? m.type : '';
  if (type === '') errs.push(fe.required(`${path}.type`, 'must specify a metric source type'));
  if (!sourceTypes.includes(type)) errs.push(fe.notSupported(`${path}.type`, type, sourceTypes));
  // Only the first source present is validated, in Kubernetes' order.
  const present = ['object', 'external', 'pods', 'resource', 'containerResource'].filter((k) => isObj(m[k]));
  if (present.length > 0) errs.push(...validateSource(present[0], m[present[0]] as Obj, `${path}.${present[0]}`));
  const expected = sourceFields[type];
  if (expected === undefined) errs.push(fe.notSupported(`${path}.type`, type, sourceTypes));
  else if (!isObj(m[expected])) errs.push(fe.required(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length !== 1) for (const k of present) if (k !== expected) errs.push(fe.forbidden(`${path}.${k}`, 'must populate the given metric source only'));
  return errs;
}

function validateScalingRules(rules: unknown, path: string): FieldError[] {
  if (!isObj(rules)) return [];
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (typeof w === 'number' && w < 0) errs.push(fe.invalid(`${path}.stabilizationWindowSeconds`, w, 'must be greater than or equal to zero'));
  if (typeof w === 'number' && w > maxStabilizationWindowSeconds) errs.push(fe.invalid(`${path}.stabilizationWindowSeconds`, w, `must be less than or equal to ${maxStabilizationWindowSeconds}`));
  const sp = rules.selectPolicy;
  if (sp !== undefined && sp !== null && !['Disabled', 'Max', 'Min'].includes(String(sp))) errs.push(fe.notSupported(`${path}.selectPolicy`, sp, ['Disabled', 'Max', 'Min']));
  const policies = objs(rules.policies);
  if (policies.length === 0) errs.push(fe.required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent') errs.push(fe.notSupported(`${pp}.type`, p.type ?? '', ['Percent', 'Pods']));
    const value = typeof p.value === 'number' ? p.value : 0;
    if (value <= 0) errs.push(fe.invalid(`${pp}.value`, value, 'must be greater than zero'));
    const period = typeof p.periodSeconds === 'number' ? p.periodSeconds : 0;
    if (period <= 0) errs.push(fe.invalid(`${pp}.periodSeconds`, period, 'must be greater than zero'));
    if (period > maxPeriodSeconds) errs.push(fe.invalid(`${pp}.periodSeconds`, period, `must be less than or equal to ${maxPeriodSeconds}`));
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec; the lower bound of minReplicas is 1 (0 only with the alpha HPAScaleToZero gate). */
export function validateHpaSpec(o: Obj, minBound = 1): FieldError[] {
  const spec = objAt(o.spec);
  const errs: FieldError[] = [];
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : undefined;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
  if (min !== undefined && min < minBound) errs.push(fe.invalid('spec.minReplicas', min, `must be greater than or equal to ${minBound}`));
  if (max < 1) errs.push(fe.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(fe.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  const metrics = objs(spec.metrics);
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, `spec.metrics[${i}]`)));
  if (min === 0 && !metrics.some((m) => m.type === 'Object' || m.type === 'External'))
    errs.push(fe.forbidden('spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas'));
  if (isObj(spec.behavior)) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

/** ValidateHorizontalPodAutoscalerStatusUpdate: the replica counts are non-negative. */
export function validateHpaStatus(o: Obj): FieldError[] {
  const status = objAt(o.status);
  const errs: FieldError[] = [];
  for (const k of ['currentReplicas', 'desiredReplicas']) {
    const v = status[k];
    if (typeof v === 'number' && v < 0) errs.push(fe.invalid(`status.${k}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}
