import { describe, expect, it } from 'vitest';
import { deploymentPrinter, replicaSetPrinter } from './apps.js';
import { eventPrinter } from './events.js';
import { nodePrinter } from './nodes.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString().replace('.000Z', 'Z');
const min = 60_000;
const day = 24 * 60 * min;

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] },
};

describe('deployment printer', () => {
  it.each([
    [
      'fully rolled out',
      { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } },
      ['web', '3/3', 3, 3, '2d', 'nginx,log', 'nginx:1.27,busybox', 'app=web'],
    ],
    [
      'mid-rollout',
      {
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, template },
        status: { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 },
      },
      ['web', '2/3', 1, 2, '2d', 'nginx,log', 'nginx:1.27,busybox', 'app=web,tier in (be,fe)'],
    ],
    [
      'new, no status yet',
      { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
      ['web', '0/2', 0, 0, '2d', 'nginx,log', 'nginx:1.27,busybox', 'app=web'],
    ],
    [
      'invalid selector',
      { spec: { replicas: 1, selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, template } },
      ['web', '0/1', 0, 0, '2d', 'nginx,log', 'nginx:1.27,busybox', '<invalid>'],
    ],
  ])('%s', (_n, obj, cells) => {
    const o = { metadata: { name: 'web', creationTimestamp: ago(2 * day) }, ...obj };
    expect(deploymentPrinter.print(o, { now }).cells).toEqual(cells);
  });

  it('has NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR', () => {
    expect(deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
  });
});

describe('replicaset printer', () => {
  it.each([
    [
      'steady',
      { spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, template }, status: { replicas: 3, readyReplicas: 3 } },
      ['web-abc', 3, 3, 3, '3m', 'nginx,log', 'nginx:1.27,busybox', 'app=web,pod-template-hash=abc'],
    ],
    [
      'scaled down old replica set, empty selector',
      { spec: { replicas: 0, selector: {}, template } },
      ['web-abc', 0, 0, 0, '3m', 'nginx,log', 'nginx:1.27,busybox', '<none>'],
    ],
  ])('%s', (_n, obj, cells) => {
    const o = { metadata: { name: 'web-abc', creationTimestamp: ago(3 * min) }, ...obj };
    expect(replicaSetPrinter.print(o, { now }).cells).toEqual(cells);
  });

  it('has NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR', () => {
    expect(replicaSetPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
  });
});

const nodeInfo = { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'runc://1.1.5' };
const addresses = [
  { type: 'Hostname', address: 'node1' },
  { type: 'InternalIP', address: '192.168.1.10' },
  { type: 'InternalIP', address: '192.168.1.11' },
];

describe('node printer', () => {
  it.each([
    [
      'Ready worker without roles',
      { metadata: { labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo, addresses } },
      ['node1', 'Ready', '<none>', '30d', 'v1.32.4', '192.168.1.10', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'runc://1.1.5'],
    ],
    [
      'cordoned NotReady node with roles',
      {
        metadata: { labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': '' } },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'False' }],
          nodeInfo,
          addresses: [...addresses, { type: 'ExternalIP', address: '203.0.113.7' }],
        },
      },
      ['node1', 'NotReady,SchedulingDisabled', 'control-plane,etcd,master', '30d', 'v1.32.4', '192.168.1.10', '203.0.113.7', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'runc://1.1.5'],
    ],
    [
      'Unknown ready condition status is NotReady',
      { status: { conditions: [{ type: 'Ready', status: 'Unknown' }], nodeInfo } },
      ['node1', 'NotReady', '<none>', '30d', 'v1.32.4', '<none>', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'runc://1.1.5'],
    ],
    [
      'brand-new node without status',
      { spec: { unschedulable: true } },
      ['node1', 'Unknown,SchedulingDisabled', '<none>', '30d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ],
  ])('%s', (_n, obj, cells) => {
    const o = { ...obj, metadata: { name: 'node1', creationTimestamp: ago(30 * day), ...(obj as { metadata?: object }).metadata } };
    expect(nodePrinter.print(o, { now }).cells).toEqual(cells);
  });

  it('has NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME', () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0',
      'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1',
    ]);
  });
});

describe('event printer', () => {
  const base = {
    metadata: { name: 'web-0.17f3', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: '  Successfully pulled image "nginx"\n',
    type: 'Normal',
    source: { component: 'kubelet', host: 'node1' },
  };
  it.each([
    [
      'core event with count',
      { ...base, firstTimestamp: ago(10 * min), lastTimestamp: ago(2 * min), count: 4 },
      ['2m', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{nginx}', 'kubelet, node1', 'Successfully pulled image "nginx"', '10m', 4, 'web-0.17f3'],
    ],
    [
      'no lastTimestamp: last seen = first seen; no count = 1',
      { ...base, firstTimestamp: ago(5 * min) },
      ['5m', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{nginx}', 'kubelet, node1', 'Successfully pulled image "nginx"', '5m', 1, 'web-0.17f3'],
    ],
    [
      'events.k8s.io-style: eventTime, series, reporting controller',
      {
        ...base,
        type: 'Warning',
        reason: 'FailedScheduling',
        involvedObject: { kind: 'Pod', name: 'web-1' },
        source: {},
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-master',
        eventTime: '2026-01-01T11:29:59.500000Z',
        series: { count: 7, lastObservedTime: '2026-01-01T11:59:00.000000Z' },
      },
      ['60s', 'Warning', 'FailedScheduling', 'pod/web-1', '', 'default-scheduler, default-scheduler-master', 'Successfully pulled image "nginx"', '30m', 7, 'web-0.17f3'],
    ],
    [
      'object without a name, source without host',
      { ...base, involvedObject: { kind: 'Node' }, source: { component: 'kubelet' }, firstTimestamp: ago(min) },
      ['60s', 'Normal', 'Pulled', 'node', '', 'kubelet', 'Successfully pulled image "nginx"', '60s', 1, 'web-0.17f3'],
    ],
  ])('%s', (_n, obj, cells) => {
    expect(eventPrinter.print(obj, { now }).cells).toEqual(cells);
  });

  it('orders columns like the real server: LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME]', () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
    ]);
    expect(eventPrinter.columns[9].format).toBe('name');
  });
});
