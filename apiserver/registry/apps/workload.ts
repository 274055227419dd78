// What the workload kinds share: pod-template defaulting and validation, the immutable selector,
// selector/template label matching and Go's formatting of label sets and selectors in field errors,
// ValidateNonnegativeField, and the scale subresource (autoscaling/v1 Scale) of Deployments,
// ReplicaSets and StatefulSets (goStringMap, labelsMismatch and the scale subresource live in
// ../core/scale.ts, which ReplicationControllers share, and are re-exported here).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { labelSelectorMatches, type LabelSelector } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure, jsonEqual } from '../../../apimachinery/objects.js';
import { defaultPodSpec } from '../core/poddefaults.js';
import { validatePodSpec } from '../core/podspec.js';
import { goStringMap, labelsMismatch } from '../core/scale.js';
import { immutableError, objAt } from '../strategy/util.js';

export { goStringMap, labelsMismatch, scaleSubresource, toScale } from '../core/scale.js';

export function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(ensure(spec.template, 'spec'));
}

/** A workload selector must be non-empty and select its own template's labels. */
export function selectorMatchesLabels(selector: unknown, labels: unknown): boolean {
  if (!isObj(selector)) return false;
  const empty = !isObj(selector.matchLabels) && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return !empty && labelSelectorMatches(selector as LabelSelector, (isObj(labels) ? labels : {}) as Record<string, string>);
}

/** Go's %#v of a metav1.LabelSelector value, as field errors about a selector print it. */
export function goLabelSelector(sel: unknown): string {
  const s = isObj(sel) ? sel : {};
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .filter(isObj)
        .map((e) => {
          const values = Array.isArray(e.values) ? `[]string{${e.values.map((v) => JSON.stringify(String(v))).join(', ')}}` : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(e.key ?? ''))}, Operator:${JSON.stringify(String(e.operator ?? ''))}, Values:${values}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** ValidateNonnegativeField. */
export function nonNegative(errs: FieldError[], field: string, v: unknown): void {
  if (typeof v === 'number' && v < 0) errs.push(fe.invalid(field, v, 'must be greater than or equal to 0'));
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
  if (isObj(spec.selector) && !selectorMatchesLabels(spec.selector, labels)) errs.push(labelsMismatch('spec.template.metadata.labels', labels));
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
