// What the workload kinds share: pod-template defaulting and validation, the immutable selector,
// selector/template label matching and Go's formatting of label sets and selectors in field errors,
// ValidateNonnegativeField, and the scale subresource (autoscaling/v1 Scale) of Deployments,
// ReplicaSets and StatefulSets.
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
export function selectorMatchesLabels(selector: unknown, labels: unknown): boolean {
  if (!isObj(selector)) return false;
  const empty = !isObj(selector.matchLabels) && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return !empty && labelSelectorMatches(selector as LabelSelector, (isObj(labels) ? labels : {}) as Record<string, string>);
}

/** Go's %#v of a map[string]string (keys sorted, as fmt prints maps): how field errors show label sets. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
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

/** The error a workload gets when its selector does not select its template's labels. */
export function labelsMismatch(field: string, labels: unknown): FieldError {
  return { field, type: 'FieldValueInvalid', message: `Invalid value: ${goStringMap(labels)}: \`selector\` does not match template \`labels\`` };
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
