// CronJobs: SetDefaults_CronJob (Allow, not suspended, history limits 3/1), Kubernetes 1.32's
// validation (robfig/cron schedules, no TZ= in the schedule, IANA time zones, the job template,
// names of at most 52 characters), generation and status.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { cronJobPrinter } from '../../printers/batch.js';
import { goLabelSelector, nonNegative } from '../apps/workload.js';
import { defaultPodSpec } from '../core/poddefaults.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { validateJobSpecFields } from './jobspec.js';
import { scheduleError, timeZoneError } from './schedule.js';

/** The cronjob controller appends an 11-character suffix to make Job names (at most 63). */
const maxNameLength = 52;

function validateSchedule(spec: Obj, errs: FieldError[]): void {
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') {
    errs.push(fe.required('spec.schedule'));
    return;
  }
  const err = scheduleError(schedule);
  if (err !== undefined) errs.push(fe.invalid('spec.schedule', schedule, err));
  if (schedule.includes('TZ')) errs.push(fe.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
}

/** IANA naming rules for each part of a zone name, then the zone database. */
const zonePart = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, errs: FieldError[]): void {
  if (tz === undefined || tz === null) return;
  const zone = String(tz);
  if (zone === '') {
    errs.push(fe.invalid('spec.timeZone', zone, 'timeZone must be nil or non-empty string'));
    return;
  }
  if (zone.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !zonePart.test(p))) {
    errs.push(fe.invalid('spec.timeZone', zone, `unknown time zone ${zone}`));
    return;
  }
  if (zone.toLowerCase() === 'local') errs.push(fe.invalid('spec.timeZone', zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  const err = timeZoneError(zone);
  if (err !== undefined) errs.push(fe.invalid('spec.timeZone', zone, err));
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  validateSchedule(spec, errs);
  nonNegative(errs, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds);
  validateTimeZone(spec.timeZone, errs);
  const cp = spec.concurrencyPolicy;
  if (cp === undefined || cp === '') errs.push(fe.required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(String(cp))) errs.push(fe.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  // ValidateJobTemplateSpec: the selector is always generated, never given.
  const jobSpec = objAt(objAt(spec.jobTemplate).spec);
  errs.push(...validateJobSpecFields(jobSpec, 'spec.jobTemplate.spec'));
  if (isObj(jobSpec.selector))
    errs.push({ field: 'spec.jobTemplate.spec.selector', type: 'FieldValueInvalid', message: `Invalid value: ${goLabelSelector(jobSpec.selector)}: \`selector\` will be auto-generated` });
  if (jobSpec.manualSelector === true) errs.push(fe.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  nonNegative(errs, 'spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit);
  nonNegative(errs, 'spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit);
  // Checked on create only in Kubernetes; a longer name can never be stored here, so updates pass too.
  const name = String(objAt(o.metadata).name ?? '');
  if (name.length > maxNameLength) errs.push(fe.invalid('metadata.name', name, `must be no more than ${maxNameLength} characters`));
  return errs;
}

export const cronjobs = defineResource({
  group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  hasGeneration: true,
  defaults(o) {
    const spec = ensure(o, 'spec');
    setIfAbsent(spec, 'concurrencyPolicy', 'Allow');
    setIfAbsent(spec, 'suspend', false);
    setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
    setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
    // Only the pod template gets defaults: SetDefaults_Job applies to Jobs, not to job templates.
    const tmpl = objAt(objAt(spec.jobTemplate).spec).template;
    if (isObj(tmpl)) defaultPodSpec(ensure(tmpl, 'spec'));
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  printer: cronJobPrinter,
  subresources: { status: { type: 'status' } },
});
