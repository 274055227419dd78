// What Deployments and ReplicaSets share: pod-template defaulting and validation, the immutable
// selector, generation and status on create, and the scale subresource (autoscaling/v1 Scale,
// in ../core/scale.ts: ReplicationControllers share it).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { labelSelectorMatches, type LabelSelector } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure, jsonEqual } from '../../../apimachinery/objects.js';
import { defaultPodSpec } from '../core/poddefaults.js';
import { validatePodSpec } from '../core/podspec.js';
import { selectorMismatch } from '../core/scale.js';
import { immutableError, objAt } from '../strategy/util.js';

export { scaleSubresource, toScale } from '../core/scale.js';

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
  if (isObj(spec.selector) && !selectorMatchesLabels(spec.selector, labels)) errs.push(selectorMismatch(labels));
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
