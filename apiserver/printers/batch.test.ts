import { describe, expect, it } from 'vitest';
import { cronJobPrinter, jobPrinter } from './batch.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString().replace('.000Z', 'Z');
const min = 60_000;
const template = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }] } };
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } };

describe('job printer', () => {
  it.each<[string, object, unknown[]]>([
    ['new, no status', { spec: { completions: 1, parallelism: 1, selector, template } }, ['Running', '0/1', '']],
    ['running for 3m', { spec: { completions: 3, selector, template }, status: { succeeded: 1, startTime: ago(3 * min) } }, ['Running', '1/3', '3m']],
    ['complete after 90s', { spec: { completions: 1, selector, template }, status: { succeeded: 1, startTime: ago(10 * min), completionTime: ago(10 * min - 90_000), conditions: [{ type: 'Complete', status: 'True' }] } }, ['Complete', '1/1', '90s']],
    ['work queue of 4', { spec: { parallelism: 4, selector, template }, status: { succeeded: 2 } }, ['Running', '2/1 of 4', '']],
    ['failed', { spec: { completions: 1, selector, template }, status: { conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] } }, ['Failed', '0/1', '']],
    ['suspended', { spec: { completions: 1, selector, template }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }, ['Suspended', '0/1', '']],
    ['terminating', { metadata: { deletionTimestamp: ago(0) }, spec: { completions: 1, selector, template } }, ['Terminating', '0/1', '']],
  ])('%s', (_n, obj, cells) => {
    const o = { ...obj, metadata: { name: 'pi', creationTimestamp: ago(20 * min), ...((obj as { metadata?: object }).metadata ?? {}) } };
    expect(jobPrinter.print(o, { now }).cells).toEqual(['pi', ...cells, '20m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1']);
  });

  it('has NAME STATUS COMPLETIONS DURATION AGE | CONTAINERS IMAGES SELECTOR', () => {
    expect(jobPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
  });
});

describe('cronjob printer', () => {
  it.each<[string, object, unknown[]]>([
    ['new', { spec: { schedule: '*/1 * * * *', suspend: false } }, ['*/1 * * * *', '<none>', 'False', 0, '<none>']],
    ['with zone, suspended, 2 active', { spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', suspend: true }, status: { active: [{}, {}], lastScheduleTime: ago(5 * min) } }, ['0 3 * * *', 'Europe/Paris', 'True', 2, '5m']],
  ])('%s', (_n, obj, cells) => {
    const spec = (obj as { spec: object }).spec;
    const o = { ...obj, metadata: { name: 'hello', creationTimestamp: ago(20 * min) }, spec: { ...spec, jobTemplate: { spec: { template } } } };
    expect(cronJobPrinter.print(o, { now }).cells).toEqual(['hello', ...cells, '20m', 'pi', 'perl:5.34', '<none>']);
  });

  it('has NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE | CONTAINERS IMAGES SELECTOR', () => {
    expect(cronJobPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Schedule:0', 'Timezone:0', 'Suspend:0', 'Active:0', 'Last Schedule:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
  });
});
