import { describe, expect, it } from 'vitest';
import { controllerRevisionPrinter, daemonSetPrinter, statefulSetPrinter } from './apps.js';

const now = new Date('2026-01-01T12:00:00Z');
const created = new Date(now.getTime() - 3 * 60_000).toISOString();
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

describe('daemonset printer', () => {
  it.each<[string, object, unknown[]]>([
    ['new', { spec: { selector: { matchLabels: { app: 'web' } }, template } }, [0, 0, 0, 0, 0, '<none>', '3m', 'nginx', 'nginx:1.27', 'app=web']],
    [
      'on two linux nodes',
      {
        spec: { selector: { matchLabels: { app: 'web' } }, template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } } },
        status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
      },
      [2, 2, 1, 2, 1, 'disk=ssd,kubernetes.io/os=linux', '3m', 'nginx', 'nginx:1.27', 'app=web'],
    ],
  ])('%s', (_n, obj, cells) => {
    expect(daemonSetPrinter.print({ metadata: { name: 'ds', creationTimestamp: created }, ...obj }, { now }).cells).toEqual(['ds', ...cells]);
  });

  it('has the 1.32 columns', () => {
    expect(daemonSetPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Node Selector:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
  });
});

describe('statefulset printer', () => {
  it('READY is ready/desired', () => {
    const o = { metadata: { name: 'web', creationTimestamp: created }, spec: { replicas: 3, template }, status: { readyReplicas: 2 } };
    expect(statefulSetPrinter.print(o, { now }).cells).toEqual(['web', '2/3', '3m', 'nginx', 'nginx:1.27']);
    expect(statefulSetPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1']);
  });
});

describe('controllerrevision printer', () => {
  it.each<[string, object[] | undefined, string]>([
    ['owned by a StatefulSet', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', controller: true }], 'statefulset.apps/web'],
    ['owned by a core kind', [{ apiVersion: 'v1', kind: 'Pod', name: 'p', controller: true }], 'pod/p'],
    ['an owner that is no controller', [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds' }], '<none>'],
    ['no owner', undefined, '<none>'],
  ])('%s', (_n, ownerReferences, controller) => {
    const o = { metadata: { name: 'web-5d8f', creationTimestamp: created, ownerReferences }, revision: 2 };
    expect(controllerRevisionPrinter.print(o, { now }).cells).toEqual(['web-5d8f', controller, 2, '3m']);
  });
});
