// What Deployments and ReplicaSets share: pod-template defaulting and validation, the immutable
// selector, generation and status on create, and the scale subresource (autoscaling/v1 Scale).
import { errors, type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { labelSelectorMatches, selectorToString, type LabelSelector } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure, jsonEqual } from '../../../apimachinery/objects.js';
import { defaultPodSpec } from '../core/poddefaults.js';
import { validatePodSpec } from '../core/podspec.js';
import type { WriteSubresource } from '../strategy/types.js';
import { immutableError, objAt } from '../strategy/util.js';

export function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(ensure(spec.template, 'spec'));
}

/** A workload selector must be non-empty and select its own template's labels. */
function selectorMatchesLabels(selector: unknown, labels: unknown): boolean {
  if (!isObj(selector)) return false;
  const empty = !isObj(selector.matchLabels) && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return !empty && labelSelectorMatches(selector as LabelSelector, (isObj(labels) ? labels : {}) as Record<string, string>);
}

/** Replicas, selector and template checks; the template's restartPolicy must be Always. */
export function validateWorkload(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    errs.push(fe.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!isObj(spec.selector)) errs.push(fe.required('spec.selector'));
  const tmpl = isObj(spec.template) ? spec.template : undefined;
  if (!tmpl) {
    errs.push(fe.required('spec.template'));
    return errs;
  }
  const labels = isObj(tmpl.metadata) ? tmpl.metadata.labels : undefined;
  if (isObj(spec.selector) && !selectorMatchesLabels(spec.selector, labels)) {
    const shown = `map[string]string{${Object.entries(isObj(labels) ? labels : {})
      .map(([k, v]) => `"${k}":"${String(v)}"`)
      .join(', ')}}`;
    errs.push({ field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: \`selector\` does not match template \`labels\`` });
  }
  validatePodSpec(tmpl.spec, 'spec.template.spec', errs);
  if (isObj(tmpl.spec) && tmpl.spec.restartPolicy !== undefined && tmpl.spec.restartPolicy !== 'Always')
    errs.push(fe.notSupported('spec.template.spec.restartPolicy', tmpl.spec.restartPolicy, ['Always']));
  return errs;
}

/** The selector never changes after creation. */
export function validateSelectorUnchanged(o: Obj, old: Obj): FieldError[] {
  const a = objAt(o.spec).selector;
  return jsonEqual(a, objAt(old.spec).selector) ? [] : [immutableError('spec.selector', a)];
}

export function toScale(o: Obj): Obj {
  const m = objAt(o.metadata);
  const spec = objAt(o.spec);
  const status = objAt(o.status);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorToString(spec.selector as LabelSelector | undefined) },
  };
}

/** <workload>/scale: spec.replicas read and written as an autoscaling/v1 Scale. */
export const scaleSubresource: WriteSubresource = {
  type: 'write',
  body: { apiVersion: 'autoscaling/v1', kind: 'Scale' },
  methods: ['PUT', 'PATCH'],
  get: true,
  view: toScale,
  apply(live, scale, name) {
    const replicas = isObj(scale.spec) ? scale.spec.replicas : undefined;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw errors.invalid('Scale', name, [fe.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')], 'autoscaling');
    ensure(live, 'spec').replicas = replicas;
    return live;
  },
  bodyPrecondition: true,
  dryRun: true,
  fieldManager: true,
};
