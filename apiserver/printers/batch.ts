// Printers for batch/v1 Jobs and CronJobs, with Kubernetes 1.32's columns.

import { humanDuration, timestampSince } from '../../apimachinery/duration.js';
import { formatLabelSelector, type LabelSelector } from '../../apimachinery/labels.js';
import { age, ageColumn, column, containerCells, containersColumn, imagesColumn, meta, nameColumn, nameOf, timeMs, type Container } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface JobSpecShape {
  completions?: number | null;
  parallelism?: number | null;
  selector?: LabelSelector | null;
  template?: { spec?: { containers?: Container[] } };
}

interface JobShape {
  spec?: JobSpecShape;
  status?: {
    succeeded?: number;
    startTime?: string | null;
    completionTime?: string | null;
    conditions?: { type?: string; status?: string }[];
  };
}

function hasCondition(job: JobShape, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

function jobStatus(job: JobShape, obj: object): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (meta(obj).deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(job: JobShape): string {
  const succeeded = job.status?.succeeded ?? 0;
  const want = job.spec?.completions;
  if (want !== undefined && want !== null) return `${succeeded}/${want}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: JobShape, ctx: PrintContext): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  return humanDuration((end ? timeMs(end) : ctx.now.getTime()) - timeMs(start));
}

function printJob(obj: object, ctx: PrintContext): PrintedRow {
  const job = obj as JobShape;
  const [names, images] = containerCells(job.spec?.template?.spec?.containers);
  return {
    cells: [nameOf(obj), jobStatus(job, obj), completions(job), duration(job, ctx), age(obj, ctx), names, images, formatLabelSelector(job.spec?.selector)],
  };
}

const containerColumns = [
  containersColumn,
  imagesColumn,
  column(
    'Selector',
    'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    { priority: 1 },
  ),
];

export const jobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'Status of the job.'),
    column(
      'Completions',
      'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
    ),
    column('Duration', 'Time required to complete the job.'),
    ageColumn,
    ...containerColumns,
  ],
  print: printJob,
};

interface CronJobShape {
  spec?: { schedule?: string; timeZone?: string | null; suspend?: boolean | null; jobTemplate?: { spec?: JobSpecShape } };
  status?: { active?: unknown[]; lastScheduleTime?: string | null };
}

function printCronJob(obj: object, ctx: PrintContext): PrintedRow {
  const cj = obj as CronJobShape;
  const spec = cj.spec ?? {};
  const last = cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, ctx.now) : '<none>';
  const suspend = spec.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False';
  const jobSpec = spec.jobTemplate?.spec;
  const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
  return {
    cells: [
      nameOf(obj),
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      suspend,
      (cj.status?.active ?? []).length,
      last,
      age(obj, ctx),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ],
  };
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column(
      'Timezone',
      'The time zone for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will rely on the time zone of the kube-controller-manager process. ALPHA: This field is in alpha and must be enabled via the `CronJobTimeZone` feature gate.',
    ),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', {
      type: 'boolean',
    }),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    ...containerColumns,
  ],
  print: printCronJob,
};
