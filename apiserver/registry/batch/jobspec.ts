// What Jobs and CronJobs' job templates share: Kubernetes 1.32's validateJobSpec (counts, completion
// modes, pod replacement, the pod template and its restart policy), and the Job labels the API server
// generates (the job strategy's generateSelector).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { isDNS1123Label } from '../../../apimachinery/validation.js';
import { validatePodSpec } from '../core/podspec.js';
import { nonNegative } from '../apps/workload.js';
import { objAt } from '../strategy/util.js';
import { validatePodFailurePolicy, validateSuccessPolicy } from './policies.js';

export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
export const legacyControllerUidLabel = 'controller-uid';
export const legacyJobNameLabel = 'job-name';

const maxParallelismForIndexedJob = 100000;
const maxFailedIndexes = 100_000;

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function validateIndexed(spec: Obj, path: string, errs: FieldError[]): void {
  if (!present(spec.completions)) errs.push(fe.required(`${path}.completions`, 'when completion mode is Indexed'));
  if (typeof spec.parallelism === 'number' && spec.parallelism > maxParallelismForIndexedJob)
    errs.push(fe.invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`));
  if (typeof spec.completions === 'number' && typeof spec.maxFailedIndexes === 'number' && spec.maxFailedIndexes > spec.completions)
    errs.push(fe.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'must be less than or equal to completions'));
  if (typeof spec.maxFailedIndexes === 'number' && spec.maxFailedIndexes > maxFailedIndexes)
    errs.push(fe.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, `must be less than or equal to ${maxFailedIndexes}`));
}

/** validateJobSpec: everything but the selector, for Jobs and job templates alike; `path` is the spec's. */
export function validateJobSpecFields(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'])
    nonNegative(errs, `${path}.${k}`, spec[k]);
  if (present(spec.maxFailedIndexes) && !present(spec.backoffLimitPerIndex))
    errs.push(fe.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  const mode = spec.completionMode;
  if (present(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(fe.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') validateIndexed(spec, path, errs);
  }
  if (!present(mode) || mode === 'NonIndexed') {
    if (present(spec.backoffLimitPerIndex)) errs.push(fe.invalid(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (present(spec.maxFailedIndexes)) errs.push(fe.invalid(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (isObj(spec.podFailurePolicy)) errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (isObj(spec.successPolicy)) {
    if (mode !== 'Indexed') errs.push(fe.invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  const prp = spec.podReplacementPolicy;
  if (present(prp)) {
    // With a pod failure policy only Failed is allowed.
    if (present(spec.podFailurePolicy)) {
      if (prp !== 'Failed') errs.push(fe.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (prp !== 'TerminatingOrFailed' && prp !== 'Failed') errs.push(fe.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']));
  }
  const tmpl = objAt(spec.template);
  validatePodSpec(tmpl.spec, `${path}.template.spec`, errs);
  // The pod defaults make an unset restart policy Always: both mean "not given".
  const rp = objAt(tmpl.spec).restartPolicy;
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === 'Always' || rp === undefined || rp === '') errs.push(fe.required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(fe.notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (present(spec.podFailurePolicy) && rp !== 'Never') errs.push(fe.invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJob's check that an Indexed Job's last pod hostname (<name>-<completions-1>) is a DNS label. */
export function validateIndexedHostname(name: string, spec: Obj): FieldError[] {
  if (spec.completionMode !== 'Indexed' || typeof spec.completions !== 'number' || spec.completions <= 0) return [];
  const host = `${name}-${spec.completions - 1}`;
  return isDNS1123Label(host).length > 0 ? [fe.invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${host}`)] : [];
}

/** generateSelector: the template gets the job-name and controller-uid labels (both spellings), the selector the uid. */
export function generateSelector(o: Obj): void {
  const m = objAt(o.metadata);
  const uid = String(m.uid ?? '');
  const name = String(m.name ?? '');
  const spec = ensure(o, 'spec');
  const labels = ensure(ensure(ensure(spec, 'template'), 'metadata'), 'labels');
  for (const [k, v] of [[legacyJobNameLabel, name], [jobNameLabel, name], [legacyControllerUidLabel, uid], [controllerUidLabel, uid]] as const)
    if (!(k in labels)) labels[k] = v;
  const matchLabels = ensure(ensure(spec, 'selector'), 'matchLabels');
  if (!(controllerUidLabel in matchLabels)) matchLabels[controllerUidLabel] = uid;
}

/** SetDefaults_Job copies the template's labels to a Job without labels. */
export function inheritTemplateLabels(o: Obj): void {
  const labels = objAt(objAt(objAt(o.spec).template).metadata).labels;
  const m = ensure(o, 'metadata');
  const own = m.labels;
  if (isObj(labels) && (!isObj(own) || Object.keys(own).length === 0)) m.labels = { ...labels };
}
