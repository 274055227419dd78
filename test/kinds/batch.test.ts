// Golden round trips of the batch/v1 kinds (issue 13) with the real kubectl: Job and CronJob, with
// Kubernetes 1.32's defaults, table columns and validation messages.
import { expect } from 'vitest';
import { kindGoldens } from './harness.js';

const job = (opts: { name?: string; spec?: string; restartPolicy?: string; labels?: string } = {}): string => `
apiVersion: batch/v1
kind: Job
metadata: {name: ${opts.name ?? 'pi'}}
spec:${opts.spec ?? ''}
  manualSelector: true
  selector: {matchLabels: {app: pi}}
  template:
    metadata: {labels: {${opts.labels ?? 'app: pi'}}}
    spec:
      containers: [{name: pi, image: "perl:5.34", command: [perl, -e, "print 1"]}]${opts.restartPolicy === '' ? '' : `\n      restartPolicy: ${opts.restartPolicy ?? 'Never'}`}
`;

const cronJob = (opts: { name?: string; schedule?: string; extra?: string } = {}): string => `
apiVersion: batch/v1
kind: CronJob
metadata: {name: ${opts.name ?? 'hello'}}
spec:
  schedule: "${opts.schedule ?? '*/5 * * * *'}"${opts.extra ?? ''}
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: hello, image: busybox, command: [date]}]
          restartPolicy: OnFailure
`;

const long = 'a'.repeat(53);

kindGoldens('batch/v1', [
  {
    resource: 'jobs',
    manifest: job(),
    changed: job({ spec: '\n  parallelism: 2' }),
    patches: {
      strategic: '{"spec":{"backoffLimit":3}}',
      merge: '{"spec":{"activeDeadlineSeconds":600}}',
      json: '[{"op":"replace","path":"/spec/parallelism","value":2}]',
    },
    table: 'NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1                      AA\n',
    wide: 'NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES      SELECTOR\npi     Running   0/1                      AA    pi           perl:5.34   app=pi\n',
    describe: ['Selector:         app=pi', 'Parallelism:      1', 'Completions:      1', 'Completion Mode:  NonIndexed', 'Suspend:          false', 'Backoff Limit:    6'],
    check: (o) =>
      expect(o.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' }),
    bad: [
      {
        title: 'no restartPolicy (Always by default)',
        manifest: job({ name: 'norestart', restartPolicy: '' }),
        code: 422,
        reason: 'Invalid',
        message: 'Job.batch "norestart" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      },
      {
        title: 'negative completions',
        manifest: job({ name: 'neg', spec: '\n  completions: -1' }),
        code: 422,
        reason: 'Invalid',
        message: 'Job.batch "neg" is invalid: spec.completions: Invalid value: -1: must be greater than or equal to 0',
      },
      {
        title: 'selector does not match the template',
        manifest: job({ name: 'other', labels: 'app: other' }),
        code: 422,
        reason: 'Invalid',
        message: 'Job.batch "other" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      },
    ],
  },
  {
    resource: 'cronjobs',
    manifest: cronJob(),
    changed: cronJob({ schedule: '*/10 * * * *' }),
    patches: {
      strategic: '{"spec":{"suspend":true}}',
      merge: '{"spec":{"successfulJobsHistoryLimit":5}}',
      json: '[{"op":"replace","path":"/spec/schedule","value":"@hourly"}]',
    },
    table: 'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */5 * * * *   <none>     False     0        <none>          AA\n',
    wide:
      'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES    SELECTOR\nhello   */5 * * * *   <none>     False     0        <none>          AA    hello        busybox   <none>\n',
    describe: ['Schedule:                      */5 * * * *', 'Concurrency Policy:            Allow', 'Suspend:                       False', 'Successful Job History Limit:  3', 'Failed Job History Limit:      1'],
    check: (o) => expect(o.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 }),
    bad: [
      {
        title: 'minute out of range',
        manifest: cronJob({ name: 'range', schedule: '61 * * * *' }),
        code: 422,
        reason: 'Invalid',
        message: 'CronJob.batch "range" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
      },
      {
        title: 'TZ in the schedule',
        manifest: cronJob({ name: 'tz', schedule: 'CRON_TZ=UTC 0 * * * *' }),
        code: 422,
        reason: 'Invalid',
        message: 'CronJob.batch "tz" is invalid: spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      },
      {
        title: 'unknown time zone',
        manifest: cronJob({ name: 'zone', extra: '\n  timeZone: Europe/Pariss' }),
        code: 422,
        reason: 'Invalid',
        message: 'CronJob.batch "zone" is invalid: spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss',
      },
      {
        title: 'a name of 53 characters',
        manifest: cronJob({ name: long }),
        code: 422,
        reason: 'Invalid',
        message: `CronJob.batch "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 52 characters`,
      },
    ],
  },
]);
