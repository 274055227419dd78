// Rows of the core/v1 printers added for issue 13: volumes, claims, quotas, limit ranges,
// replication controllers, pod templates and component statuses.
import { describe, expect, it } from 'vitest';
import { componentStatusPrinter } from './health.js';
import { limitRangePrinter, resourceQuotaPrinter } from './policy.js';
import { podTemplatePrinter, replicationControllerPrinter } from './replication.js';
import { accessModesString, persistentVolumeClaimPrinter, persistentVolumePrinter } from './storage.js';
import type { Printer } from './types.js';

const now = new Date('2026-01-01T12:00:00Z');
const created = '2026-01-01T11:58:00Z';
const names = (p: Printer) => p.columns.map((c) => (c.priority ? `${c.name}*` : c.name));

describe('core/v1 printers', () => {
  it.each<[string, Printer, object, string[], unknown[]]>([
    ['pv', persistentVolumePrinter,
      { metadata: { name: 'pv1', creationTimestamp: created }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'c' }, storageClassName: 'manual', volumeMode: 'Filesystem' }, status: { phase: 'Bound' } },
      ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode*'],
      ['pv1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/c', 'manual', '<unset>', '', '2m', 'Filesystem']],
    ['pv terminating', persistentVolumePrinter,
      { metadata: { name: 'pv2', creationTimestamp: created, deletionTimestamp: created, annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }, spec: {}, status: { phase: 'Released' } },
      ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode*'],
      ['pv2', '0', '', '', 'Terminating', '', 'old', '<unset>', '', '2m', '<unset>']],
    ['pvc pending', persistentVolumeClaimPrinter,
      { metadata: { name: 'c', creationTimestamp: created }, spec: { resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
      ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*'],
      ['c', 'Pending', '', '', '', '', '<unset>', '2m', 'Filesystem']],
    ['pvc bound', persistentVolumeClaimPrinter,
      { metadata: { name: 'c', creationTimestamp: created }, spec: { volumeName: 'pv1', storageClassName: 'fast', volumeAttributesClassName: 'gold' }, status: { phase: 'Bound', accessModes: ['ReadWriteOncePod'], capacity: { storage: '5Gi' } } },
      ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*'],
      ['c', 'Bound', 'pv1', '5Gi', 'RWOP', 'fast', 'gold', '2m', '<unset>']],
    ['quota', resourceQuotaPrinter,
      { metadata: { name: 'q', creationTimestamp: created }, status: { hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi' }, used: { pods: '1', 'limits.cpu': '500m' } } },
      ['Name', 'Age', 'Request', 'Limit'],
      ['q', '2m', 'pods: 1/10, requests.memory: 0/1Gi', 'limits.cpu: 500m/2']],
    ['quota without status', resourceQuotaPrinter, { metadata: { name: 'q', creationTimestamp: created }, spec: { hard: { pods: '1' } } },
      ['Name', 'Age', 'Request', 'Limit'], ['q', '2m', '', '']],
    ['limitrange', limitRangePrinter, { metadata: { name: 'l', creationTimestamp: '2026-01-01T11:58:00.000Z' } }, ['Name', 'Created At'], ['l', '2026-01-01T11:58:00Z']],
    ['rc', replicationControllerPrinter,
      { metadata: { name: 'web', creationTimestamp: created }, spec: { replicas: 3, selector: { b: '2', a: '1' }, template: { spec: { containers: [{ name: 'c', image: 'nginx' }, { name: 'd', image: 'busybox' }] } } }, status: { replicas: 2, readyReplicas: 1 } },
      ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['web', 3, 2, 1, '2m', 'c,d', 'nginx,busybox', 'a=1,b=2']],
    ['podtemplate', podTemplatePrinter,
      { metadata: { name: 't', creationTimestamp: created }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      ['Name', 'Containers', 'Images', 'Pod Labels'], ['t', 'c', 'nginx', 'app=web']],
    ['podtemplate without labels', podTemplatePrinter, { metadata: { name: 't' }, template: { spec: {} } },
      ['Name', 'Containers', 'Images', 'Pod Labels'], ['t', '', '', '<none>']],
    ['componentstatus healthy', componentStatusPrinter, { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
      ['Name', 'Status', 'Message', 'Error'], ['etcd-0', 'Healthy', 'ok', '']],
    ['componentstatus unhealthy', componentStatusPrinter, { metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'False', error: 'connection refused' }] },
      ['Name', 'Status', 'Message', 'Error'], ['scheduler', 'Unhealthy', '', 'connection refused']],
    ['componentstatus unknown', componentStatusPrinter, { metadata: { name: 'x' } }, ['Name', 'Status', 'Message', 'Error'], ['x', 'Unknown', '', '']],
  ])('%s', (_n, printer, obj, columns, cells) => {
    expect(names(printer)).toEqual(columns);
    expect(printer.print(obj, { now }).cells).toEqual(cells);
  });

  it.each([
    [['ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,ROX,RWOP'],
    [[], ''],
  ])('access modes %j → %s', (modes, want) => {
    expect(accessModesString(modes)).toBe(want);
  });
});
