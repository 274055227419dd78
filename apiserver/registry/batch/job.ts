// Jobs: SetDefaults_Job (completions/parallelism 1, backoffLimit 6, NonIndexed, not suspended, pod
// replacement), the generated selector and labels, Kubernetes 1.32's create and update validation,
// generation, status and the status.successful field selector.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { labelSelectorMatches } from '../../../apimachinery/labels.js';
import { type Obj, isObj, ensure, jsonEqual, clone } from '../../../apimachinery/objects.js';
import { jobPrinter } from '../../printers/batch.js';
import { goLabelSelector, goStringMap, labelsMismatch, nonNegative } from '../apps/workload.js';
import { defaultPodSpec } from '../core/poddefaults.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt, setIfAbsent } from '../strategy/util.js';
import {
  controllerUidLabel,
  generateSelector,
  inheritTemplateLabels,
  jobNameLabel,
  legacyControllerUidLabel,
  legacyJobNameLabel,
  validateIndexedHostname,
  validateJobSpecFields,
} from './jobspec.js';

function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  setIfAbsent(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  inheritTemplateLabels(o);
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  if (isObj(spec.podFailurePolicy) && Array.isArray(spec.podFailurePolicy.rules)) {
    for (const rule of spec.podFailurePolicy.rules.filter(isObj))
      for (const pattern of Array.isArray(rule.onPodConditions) ? rule.onPodConditions.filter(isObj) : []) setIfAbsent(pattern, 'status', 'True');
  }
  setIfAbsent(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  if (isObj(spec.template)) defaultPodSpec(ensure(spec.template, 'spec'));
}

/** ValidateHasLabel on the pod template's metadata. */
function hasLabel(labels: unknown, key: string, want: string): FieldError[] {
  const field = `spec.template.metadata.labels[${key}]`;
  const actual = isObj(labels) ? labels[key] : undefined;
  if (actual === undefined) return [fe.required(field, want)];
  if (actual !== want) return [{ field, type: 'FieldValueInvalid', message: `Invalid value: ${goStringMap(labels)}: must be '${want}'` }];
  return [];
}

/** validateGeneratedSelector: a Job without manualSelector carries the labels and selector the server generated. */
function validateGeneratedSelector(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  if (spec.manualSelector === true || !isObj(spec.selector)) return [];
  const m = objAt(o.metadata);
  const uid = String(m.uid ?? '');
  const name = String(m.name ?? '');
  const labels = objAt(objAt(spec.template).metadata).labels;
  const errs: FieldError[] = [];
  if (uid === '') errs.push(fe.required('metadata.uid'));
  errs.push(...hasLabel(labels, legacyControllerUidLabel, uid), ...hasLabel(labels, legacyJobNameLabel, name));
  errs.push(...hasLabel(labels, controllerUidLabel, uid), ...hasLabel(labels, jobNameLabel, name));
  const expected = { [controllerUidLabel]: uid, [jobNameLabel]: name, [legacyControllerUidLabel]: uid, [legacyJobNameLabel]: name };
  if (!labelSelectorMatches(spec.selector, expected))
    errs.push({ field: 'spec.selector', type: 'FieldValueInvalid', message: `Invalid value: ${goLabelSelector(spec.selector)}: \`selector\` not auto-generated` });
  return errs;
}

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs = validateGeneratedSelector(o);
  errs.push(...validateJobSpecFields(spec, 'spec'));
  if (!isObj(spec.selector)) errs.push(fe.required('spec.selector'));
  const labels = objAt(objAt(spec.template).metadata).labels;
  if (isObj(spec.selector) && !labelSelectorMatches(spec.selector, isObj(labels) ? (labels as Record<string, string>) : {}))
    errs.push(labelsMismatch('spec.template.metadata.labels', labels));
  errs.push(...validateIndexedHostname(String(objAt(o.metadata).name ?? ''), spec));
  return errs;
}

/** The template with what a suspended, never-started Job may change taken from the new one. */
function comparableOldTemplate(template: Obj, old: Obj): Obj {
  const prev = clone(old);
  const pm = ensure(prev, 'metadata');
  const nm = objAt(template.metadata);
  const ps = ensure(prev, 'spec');
  const ns = objAt(template.spec);
  for (const [k, v] of [['annotations', nm.annotations], ['labels', nm.labels]] as const) {
    if (v === undefined) delete pm[k];
    else pm[k] = v;
  }
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) {
    if (ns[k] === undefined) delete ps[k];
    else ps[k] = ns[k];
  }
  // Node affinity may change; the other affinities may not.
  const na = isObj(ns.affinity) ? ns.affinity.nodeAffinity : undefined;
  const pa = isObj(ps.affinity) ? { ...ps.affinity } : undefined;
  if (!isObj(ns.affinity) && pa) {
    delete pa.nodeAffinity;
    if (Object.keys(pa).length === 0) delete ps.affinity;
    else ps.affinity = pa;
  } else if (isObj(ns.affinity)) {
    const next = { ...(pa ?? {}) };
    if (na === undefined) delete next.nodeAffinity;
    else next.nodeAffinity = na;
    ps.affinity = next;
  }
  return prev;
}

/** validateJobStatus's counters: never negative. */
function validateStatus(o: Obj): FieldError[] {
  const s = objAt(o.status);
  const errs: FieldError[] = [];
  for (const k of ['active', 'succeeded', 'failed', 'ready', 'terminating']) nonNegative(errs, `status.${k}`, s[k]);
  return errs;
}

function validateUpdate(o: Obj, old: Obj, subresource?: string): FieldError[] {
  if (subresource === 'status') return validateStatus(o);
  const spec = objAt(o.spec);
  const prev = objAt(old.spec);
  const errs: FieldError[] = [];
  if (!jsonEqual(spec.completions, prev.completions)) {
    // Elastic Indexed Jobs may change completions together with parallelism.
    if (spec.completionMode !== 'Indexed') errs.push(immutableError('spec.completions', spec.completions));
    else if (spec.completions != null && spec.completions !== spec.parallelism)
      errs.push(fe.invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  if (!jsonEqual(spec.selector, prev.selector)) errs.push(immutableError('spec.selector', spec.selector));
  const suspendedNotStarted = prev.suspend === true && objAt(old.status).startTime == null;
  const oldTemplate = suspendedNotStarted ? comparableOldTemplate(objAt(spec.template), objAt(prev.template)) : prev.template;
  if (!jsonEqual(spec.template, oldTemplate)) errs.push(immutableError('spec.template', spec.template));
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
    if (!jsonEqual(spec[k], prev[k])) errs.push(immutableError(`spec.${k}`, spec[k]));
  return errs;
}

export const jobs = defineResource({
  group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true,
  categories: ['all'],
  hasGeneration: true,
  defaults,
  prepareForCreate(o) {
    if (objAt(o.spec).manualSelector !== true) generateSelector(o);
    // Kubernetes defaults every read: the generated template labels become the Job's when it has none.
    inheritTemplateLabels(o);
    o.status = {};
  },
  validate,
  validateUpdate,
  printer: jobPrinter,
  fieldLabels: { 'status.successful': (o) => String(Number(objAt(o.status).succeeded ?? 0)) },
  subresources: { status: { type: 'status' } },
});
