// HPA and PDB rows as pkg/printers/internalversion prints them.
import { describe, expect, it } from 'vitest';
import { formatHpaMetrics, hpaPrinter, pdbPrinter } from './autoscaling-policy.js';

const now = new Date('2026-01-01T01:00:00Z');
const created = { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z' };

describe('HPA TARGETS (formatHPAMetrics)', () => {
  const cpuSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } };
  it.each<[string, object[] | undefined, object[] | undefined, string]>([
    ['no metrics', [], undefined, '<none>'],
    ['utilization, no status', [cpuSpec], undefined, 'cpu: <unknown>/80%'],
    ['utilization with status', [cpuSpec], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }], 'cpu: 12%/80%'],
    ['an average value', [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1.5Gi' } } }], [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '1Gi' } } }], 'memory: 1Gi/1536Mi'],
    ['container resource without a target value', [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'c', target: { type: 'Utilization' } } }], undefined, 'cpu: <unknown>/<auto>'],
    ['pods', [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1000' } } }], undefined, '<unknown>/1k'],
    ['object average', [{ type: 'Object', object: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '5' } } }], undefined, '<unknown>/5 (avg)'],
    ['external value', [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '30' } } }], [{ type: 'External', external: { current: { value: '7' } } }], '7/30'],
    ['more than two', [cpuSpec, cpuSpec, cpuSpec, cpuSpec], undefined, 'cpu: <unknown>/80%, cpu: <unknown>/80% + 2 more...'],
    ['an unknown type', [{ type: 'Magic' }], undefined, '<unknown type>'],
  ])('%s', (_name, specs, statuses, want) => {
    expect(formatHpaMetrics(specs, statuses)).toBe(want);
  });

  it('prints the row: reference, targets, min/max pods, replicas, age', () => {
    const hpa = { metadata: created, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 4, metrics: [cpuSpec] }, status: { currentReplicas: 2 } };
    expect(hpaPrinter.print(hpa, { now }).cells).toEqual(['x', 'Deployment/web', 'cpu: <unknown>/80%', '<unset>', 4, 2, '60m']);
    expect(hpaPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  });
});

describe('PDB rows', () => {
  it.each<[string, object, unknown[]]>([
    ['minAvailable', { minAvailable: 2 }, ['x', '2', 'N/A', 3, '60m']],
    ['maxUnavailable percentage', { maxUnavailable: '25%' }, ['x', 'N/A', '25%', 3, '60m']],
  ])('%s', (_name, spec, cells) => {
    expect(pdbPrinter.print({ metadata: created, spec, status: { disruptionsAllowed: 3 } }, { now }).cells).toEqual(cells);
  });

  it('has Kubernetes\' columns, ALLOWED DISRUPTIONS an integer', () => {
    expect(pdbPrinter.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Min Available', 'string'],
      ['Max Unavailable', 'string'],
      ['Allowed Disruptions', 'integer'],
      ['Age', 'string'],
    ]);
  });
});
