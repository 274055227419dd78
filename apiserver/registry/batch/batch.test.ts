// Jobs and CronJobs through their modules: Kubernetes 1.32's defaults, generated selector and labels,
// and validation messages (pkg/apis/batch/validation), create and update.
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../apimachinery/errors.js';
import { clone, type Obj } from '../../../apimachinery/objects.js';
import { prepareForCreate } from '../lifecycle.js';
import type { ResourceModule } from '../strategy/types.js';
import { cronjobs } from './cronjob.js';
import { jobs } from './job.js';

const uid = '0b7c3a1e-0000-4000-8000-000000000001';
const podSpec = (extra: Obj = {}): Obj => ({ containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never', ...extra });

/** What the registry does on create: defaults, the lifecycle's preparation, then validation. */
function create(mod: ResourceModule, o: Obj): { obj: Obj; errs: FieldError[] } {
  const obj = clone(o);
  (obj.metadata as Obj).uid = uid;
  mod.defaults?.(obj);
  prepareForCreate(mod, obj);
  return { obj, errs: mod.validate?.(obj) ?? [] };
}
const messages = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const job = (spec: Obj = {}, name = 'pi'): Obj => ({ metadata: { name }, spec: { template: { spec: podSpec() }, ...spec } });
const cronJob = (spec: Obj = {}, name = 'hello'): Obj => ({
  metadata: { name },
  spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: podSpec() } } }, ...spec },
});

describe('Job defaults', () => {
  it('fills SetDefaults_Job and the generated selector and labels', () => {
    const { obj, errs } = create(jobs, job());
    expect(errs).toEqual([]);
    expect(obj.spec).toMatchObject({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' } } },
    });
    // A Job without labels shows its template's labels, as Kubernetes' read-path defaulting does.
    expect((obj.metadata as Obj).labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' });
    expect(obj.status).toEqual({});
    expect((obj.metadata as Obj).generation).toBe(1);
  });

  it.each<[string, Obj, Obj]>([
    ['only parallelism: completions stay unset', { parallelism: 3 }, { parallelism: 3, completions: undefined }],
    ['only completions: parallelism 1', { completions: 4 }, { parallelism: 1, completions: 4 }],
    ['backoffLimitPerIndex: backoffLimit MaxInt32', { backoffLimitPerIndex: 1, completionMode: 'Indexed', completions: 2 }, { backoffLimit: 2147483647 }],
    ['podFailurePolicy: podReplacementPolicy Failed', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, { podReplacementPolicy: 'Failed' }],
  ])('%s', (_n, spec, want) => {
    const { obj } = create(jobs, job(spec));
    for (const [k, v] of Object.entries(want)) expect((obj.spec as Obj)[k]).toEqual(v);
  });

  it('keeps the template labels as the Job labels, and its own labels when it has some', () => {
    const withTemplateLabels = job({ template: { metadata: { labels: { app: 'pi' } }, spec: podSpec() } });
    expect((create(jobs, withTemplateLabels).obj.metadata as Obj).labels).toEqual({ app: 'pi' });
    const own = { ...withTemplateLabels, metadata: { name: 'pi', labels: { team: 'x' } } };
    expect((create(jobs, own).obj.metadata as Obj).labels).toEqual({ team: 'x' });
  });

  it('a manual selector is kept as given, without generated labels', () => {
    const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'pi' } }, spec: podSpec() } });
    const { obj, errs } = create(jobs, manual);
    expect(errs).toEqual([]);
    expect(obj.spec).toMatchObject({ selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'pi' } } } });
  });
});

describe('Job validation', () => {
  it.each<[string, Obj, string[]]>([
    ['negative completions', job({ completions: -1 }), ['spec.completions: Invalid value: -1: must be greater than or equal to 0']],
    ['negative backoffLimit', job({ backoffLimit: -2 }), ['spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0']],
    ['restartPolicy unset (defaulted Always)', job({ template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } }), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['bad completionMode', job({ completionMode: 'Sometimes' }), ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    ['Indexed without completions', job({ completionMode: 'Indexed', parallelism: 2 }), ['spec.completions: Required value: when completion mode is Indexed']],
    ['backoffLimitPerIndex needs Indexed', job({ backoffLimitPerIndex: 1 }), ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']],
    ['bad podReplacementPolicy', job({ podReplacementPolicy: 'Never' }), ['spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"']],
    [
      'manual selector not matching the template',
      job({ manualSelector: true, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: podSpec() } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`'],
    ],
    [
      'a generated selector for another uid',
      job({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'other' } } }),
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
        `spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"${uid}", "batch.kubernetes.io/job-name":"pi", "controller-uid":"${uid}", "job-name":"pi"}: \`selector\` does not match template \`labels\``,
      ],
    ],
    [
      'an Indexed Job whose last pod name is no DNS label',
      job({ completionMode: 'Indexed', completions: 10 }, 'x'.repeat(62)),
      [`metadata.name: Invalid value: "${'x'.repeat(62)}": will not able to create pod with invalid DNS label: ${'x'.repeat(62)}-9`],
    ],
  ])('%s', (_n, o, want) => {
    expect(messages(create(jobs, o).errs)).toEqual(want);
  });

  const live = create(jobs, job({ suspend: true })).obj;
  const update = (change: (o: Obj) => void): string[] => {
    const next = clone(live);
    change(next);
    jobs.defaults?.(next);
    return messages([...(jobs.validate?.(next) ?? []), ...(jobs.validateUpdate?.(next, live) ?? [])]);
  };
  it.each<[string, (o: Obj) => void, string[]]>([
    ['parallelism may change', (o) => ((o.spec as Obj).parallelism = 5), []],
    ['completions are immutable', (o) => ((o.spec as Obj).completions = 2), ['spec.completions: Invalid value: 2: field is immutable']],
    ['a suspended, never started Job may change its node selector', (o) => (((o.spec as Obj).template as Obj).spec = podSpec({ nodeSelector: { disk: 'ssd' } })), []],
    ['but not its containers', (o) => (((o.spec as Obj).template as Obj).spec = podSpec({ containers: [{ name: 'c', image: 'busybox:2' }] })), ['spec.template: Invalid value']],
  ])('%s', (_n, change, want) => {
    const got = update(change).map((m) => (m.startsWith('spec.template: Invalid value') ? 'spec.template: Invalid value' : m));
    expect(got).toEqual(want);
  });
});

describe('CronJob', () => {
  it('defaults as SetDefaults_CronJob, and gives the job template only pod defaults', () => {
    const { obj, errs } = create(cronjobs, cronJob());
    expect(errs).toEqual([]);
    expect(obj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const jobSpec = ((obj.spec as Obj).jobTemplate as Obj).spec as Obj;
    expect(jobSpec.backoffLimit).toBeUndefined();
    expect((jobSpec.template as Obj).spec).toMatchObject({ dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
  });

  it.each<[string, Obj, string[]]>([
    ['bad schedule', cronJob({ schedule: '61 * * * *' }), ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']],
    ['TZ in the schedule', cronJob({ schedule: 'CRON_TZ=UTC * * * * *' }), ['spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ['unknown time zone', cronJob({ timeZone: 'Europe/Pariss' }), ['spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss']],
    ['Local time zone', cronJob({ timeZone: 'Local' }), ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
    ['empty time zone', cronJob({ timeZone: '' }), ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    ['bad concurrencyPolicy', cronJob({ concurrencyPolicy: 'Sometimes' }), ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    ['a job template with a selector', cronJob({ jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: podSpec() } } } }), [
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]],
    ['job template restartPolicy Always', cronJob({ jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: 'Always' }) } } } }), ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['negative history limit', cronJob({ failedJobsHistoryLimit: -1 }), ['spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['a 53-character name', cronJob({}, 'c'.repeat(53)), [`metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`]],
    ['a 52-character name', cronJob({}, 'c'.repeat(52)), []],
  ])('%s', (_n, o, want) => {
    expect(messages(create(cronjobs, o).errs)).toEqual(want);
  });
});

describe('Job status writes', () => {
  const live = create(jobs, job()).obj;
  it.each<[string, Obj, string[]]>([
    ['valid counters', { active: 1, ready: 1, succeeded: 0, failed: 2 }, []],
    ['a negative counter', { active: -1 }, ['status.active: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_n, status, want) => {
    expect(messages(jobs.validateUpdate?.({ ...live, status }, live, 'status') ?? [])).toEqual(want);
  });
});

describe('Job pod failure and success policies', () => {
  const rule = (r: Obj): Obj => job({ podFailurePolicy: { rules: [r] } });
  it.each<[string, Obj, string[]]>([
    ['a valid exit-code rule', rule({ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [1, 42] } }), []],
    ['a valid condition rule (status defaults to True)', rule({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }), []],
    ['no action', rule({ onExitCodes: { operator: 'In', values: [1] } }), ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]']],
    ['unknown action', rule({ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }), ['spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"']],
    ['FailIndex without backoffLimitPerIndex', rule({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }), ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']],
    [
      'exit codes: 0 with In, duplicates, unordered, an unknown container',
      rule({ action: 'FailJob', onExitCodes: { containerName: 'x', operator: 'In', values: [0, 3, 3, 1] } }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "x": must be one of the container or initContainer names in the pod template',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered',
      ],
    ],
    ['no values', rule({ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [] } }), ['spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required']],
    ['neither requirement', rule({ action: 'Ignore' }), ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required']],
    [
      'both requirements',
      rule({ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }),
      [
        'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
        'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      ],
    ],
    [
      'restartPolicy OnFailure with a pod failure policy',
      job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: { spec: podSpec({ restartPolicy: 'OnFailure' }) } }),
      ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
    ],
    ['a success policy on a NonIndexed Job', job({ successPolicy: { rules: [{ succeededCount: 1 }] } }), ['spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode']],
    ['a valid success policy', job({ completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0,2-3', succeededCount: 2 }] } }), []],
    [
      'success policy rules beyond the indexes',
      job({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{ succeededIndexes: '0-1', succeededCount: 4 }, {}, { succeededIndexes: '2-1' }] } }),
      [
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)',
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
        'spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified',
        'spec.successPolicy.rules[2].succeededIndexes: Invalid value: "2-1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1',
      ],
    ],
  ])('%s', (_n, o, want) => {
    expect(messages(create(jobs, o).errs)).toEqual(want);
  });
});
