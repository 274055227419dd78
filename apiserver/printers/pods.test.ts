import { describe, expect, it } from 'vitest';
import { podPrinter } from './pods.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString().replace('.000Z', 'Z');
const min = 60_000;

function pod(over: { metadata?: object; spec?: object; status?: object }): object {
  return {
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(10 * min), ...over.metadata },
    spec: { nodeName: 'node1', containers: [{ name: 'app', image: 'nginx' }], ...over.spec },
    status: over.status ?? {},
  };
}

const running = (name: string, ready = true, restartCount = 0, lastState = {}): object => ({
  name,
  ready,
  restartCount,
  state: { running: { startedAt: ago(5 * min) } },
  lastState,
});

const cases: [string, object, unknown[]][] = [
  [
    'Running pod with two ready containers',
    pod({
      spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
      status: {
        phase: 'Running',
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [running('app'), running('sidecar')],
      },
    }),
    ['web-0', '2/2', 'Running', '0', '10m', '10.244.0.5', 'node1', '<none>', '<none>'],
  ],
  [
    'Pending pod not yet scheduled',
    pod({ spec: { nodeName: undefined }, status: { phase: 'Pending' } }),
    ['web-0', '0/1', 'Pending', '0', '10m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'ContainerCreating',
    pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } }),
    ['web-0', '0/1', 'ContainerCreating', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'CrashLoopBackOff with restarts and last restart age',
    pod({
      status: {
        phase: 'Running',
        podIP: '10.244.0.6',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3 * min) } },
          },
        ],
      },
    }),
    ['web-0', '0/1', 'CrashLoopBackOff', '4 (3m ago)', '10m', '10.244.0.6', 'node1', '<none>', '<none>'],
  ],
  [
    'ImagePullBackOff',
    pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } }] } }),
    ['web-0', '0/1', 'ImagePullBackOff', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'ErrImagePull',
    pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull' } } }] } }),
    ['web-0', '0/1', 'ErrImagePull', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Completed',
    pod({ status: { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } }),
    ['web-0', '0/1', 'Completed', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Error',
    pod({ status: { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2, reason: 'Error' } } }] } }),
    ['web-0', '0/1', 'Error', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'OOMKilled',
    pod({ status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 1, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] } }),
    ['web-0', '0/1', 'OOMKilled', '1', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'terminated without reason: exit code, then signal',
    pod({
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', state: { terminated: { exitCode: 3 } } },
          { name: 'b', state: { terminated: { exitCode: 0 } } },
        ],
      },
    }),
    // the printer walks statuses from last to first, so the first container's reason wins
    ['web-0', '0/2', 'ExitCode:3', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'terminated by signal',
    pod({ status: { phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, signal: 9 } } }] } }),
    ['web-0', '0/1', 'Signal:9', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'one container completed while another runs and the pod is Ready',
    pod({
      spec: { containers: [{ name: 'job' }, { name: 'server' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'job', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running('server')],
      },
    }),
    ['web-0', '1/2', 'Running', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'one container completed while another runs and the pod is not Ready',
    pod({
      spec: { containers: [{ name: 'job' }, { name: 'server' }] },
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'job', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running('server')],
      },
    }),
    ['web-0', '1/2', 'NotReady', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'second of two init containers running',
    pod({
      spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'i2', state: { running: {} } },
        ],
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    }),
    ['web-0', '0/1', 'Init:1/2', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'init container waiting on PodInitializing counts as Init:N/M',
    pod({
      spec: { initContainers: [{ name: 'i1' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'PodInitializing' } } }] },
    }),
    ['web-0', '0/1', 'Init:0/1', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Init:CrashLoopBackOff with init restarts',
    pod({
      spec: { initContainers: [{ name: 'i1' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'i1',
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * min) } },
          },
        ],
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    }),
    ['web-0', '0/1', 'Init:CrashLoopBackOff', '3 (2m ago)', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Init:Error',
    pod({
      spec: { initContainers: [{ name: 'i1' }] },
      status: { phase: 'Failed', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
    }),
    ['web-0', '0/1', 'Init:Error', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Init:ExitCode without reason',
    pod({
      spec: { initContainers: [{ name: 'i1' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 7 } } }] },
    }),
    ['web-0', '0/1', 'Init:ExitCode:7', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'started sidecar init container counts towards READY',
    pod({
      spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', started: true, ready: true, restartCount: 1, state: { running: {} } }],
        containerStatuses: [running('app', true, 2)],
      },
    }),
    ['web-0', '2/2', 'Running', '3', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'Terminating',
    pod({
      metadata: { deletionTimestamp: ago(0) },
      status: { phase: 'Running', containerStatuses: [running('app')] },
    }),
    ['web-0', '1/1', 'Terminating', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'deleted but already Succeeded stays Completed',
    pod({
      metadata: { deletionTimestamp: ago(0) },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    }),
    ['web-0', '0/1', 'Completed', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'NodeLost while deleting is Unknown',
    pod({ metadata: { deletionTimestamp: ago(0) }, status: { phase: 'Running', reason: 'NodeLost' } }),
    ['web-0', '0/1', 'Unknown', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'pod status reason (Evicted)',
    pod({ status: { phase: 'Failed', reason: 'Evicted' } }),
    ['web-0', '0/1', 'Evicted', '0', '10m', '<none>', 'node1', '<none>', '<none>'],
  ],
  [
    'SchedulingGated',
    pod({ spec: { nodeName: '' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } }),
    ['web-0', '0/1', 'SchedulingGated', '0', '10m', '<none>', '<none>', '<none>', '<none>'],
  ],
  [
    'nominated node and readiness gates',
    pod({
      spec: { nodeName: '', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      status: {
        phase: 'Pending',
        nominatedNodeName: 'node2',
        conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
      },
    }),
    ['web-0', '0/1', 'Pending', '0', '10m', '<none>', '<none>', 'node2', '1/2'],
  ],
  [
    'no creation timestamp',
    { metadata: { name: 'x' }, spec: { containers: [] }, status: { phase: 'Pending' } },
    ['x', '0/0', 'Pending', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'],
  ],
];

describe('pod printer', () => {
  it.each(cases)('%s', (_name, obj, cells) => {
    expect(podPrinter.print(obj, { now }).cells).toEqual(cells);
  });

  it('has the real column set and one cell per column', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(podPrinter.columns[0].format).toBe('name');
    for (const c of podPrinter.columns) expect(c.description.length).toBeGreaterThan(10);
    for (const [, obj] of cases) expect(podPrinter.print(obj, { now }).cells).toHaveLength(podPrinter.columns.length);
  });

  it('marks finished pods with a Completed row condition', () => {
    expect(podPrinter.print(pod({ status: { phase: 'Succeeded' } }), { now }).conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    expect(podPrinter.print(pod({ status: { phase: 'Failed' } }), { now }).conditions?.[0].reason).toBe('Failed');
    expect(podPrinter.print(pod({ status: { phase: 'Running' } }), { now }).conditions).toBeUndefined();
  });
});
