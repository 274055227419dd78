import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { Code } from '../../framework/status.js';
import { container, makeNode, makePod } from '../../testing/builders.js';
import { filterAll, scoreAll } from '../../testing/harness.js';
import { BalancedAllocation } from './balanced-allocation.js';
import { NodeResourcesFit } from './fit.js';

// Node: 4 cpu, 8Gi, 3 pods, 2 gpus; one existing pod using 3 cpu and 4Gi.
const node = makeNode('n', { cpu: '4', memory: '8Gi', pods: '3', extra: { 'example.com/gpu': '2', 'ephemeral-storage': '10Gi' } });
const existing = makePod('e', { node: 'n', cpu: '3', memory: '4Gi' });
const snap = Snapshot.from([node], [existing]);

describe('NodeResourcesFit filter', () => {
  it.each([
    { name: 'fits', pod: makePod('p', { cpu: '1', memory: '4Gi' }), reasons: [] },
    { name: 'cpu too big', pod: makePod('p', { cpu: '1001m' }), reasons: ['Insufficient cpu'] },
    { name: 'memory too big', pod: makePod('p', { memory: '5Gi' }), reasons: ['Insufficient memory'] },
    { name: 'both, cpu first', pod: makePod('p', { cpu: '2', memory: '5Gi' }), reasons: ['Insufficient cpu', 'Insufficient memory'] },
    { name: 'ephemeral-storage', pod: makePod('p', { requests: { 'ephemeral-storage': '11Gi' } }), reasons: ['Insufficient ephemeral-storage'] },
    { name: 'extended resource fits', pod: makePod('p', { requests: { 'example.com/gpu': '2' } }), reasons: [] },
    { name: 'extended resource exceeds', pod: makePod('p', { requests: { 'example.com/gpu': '3' } }), reasons: ['Insufficient example.com/gpu'] },
    { name: 'unknown extended resource', pod: makePod('p', { requests: { 'example.com/fpga': '1' } }), reasons: ['Insufficient example.com/fpga'] },
    { name: 'zero request always fits resources', pod: makePod('p'), reasons: [] },
    {
      name: 'init container max counts (2 cpu init > 0.5 app)',
      pod: makePod('p', { initContainers: [container('i', { cpu: '2' })], containers: [container('c', { cpu: '500m' })] }),
      reasons: ['Insufficient cpu'],
    },
    {
      name: 'overhead pushes it over',
      pod: makePod('p', { cpu: '900m', overhead: { cpu: '200m' } }),
      reasons: ['Insufficient cpu'],
    },
  ])('$name', ({ pod, reasons }) => {
    const st = filterAll(new NodeResourcesFit(), pod, snap).get('n')!;
    expect(st.reasons).toEqual(reasons);
    if (reasons.length) expect(st.code).toBe(Code.Unschedulable);
  });

  it('Too many pods when allocatable pods are used up', () => {
    const s = Snapshot.from([makeNode('n', { pods: '1' })], [makePod('e', { node: 'n' })]);
    expect(filterAll(new NodeResourcesFit(), makePod('p'), s).get('n')!.reasons).toEqual(['Too many pods']);
  });

  it('ignoredResources are not checked', () => {
    const pod = makePod('p', { requests: { 'example.com/fpga': '1' } });
    expect(filterAll(new NodeResourcesFit({ ignoredResources: ['example.com/fpga'] }), pod, snap).get('n')!.isSuccess()).toBe(true);
  });
});

describe('NodeResourcesFit score', () => {
  const nodes = [makeNode('empty', { cpu: '4', memory: '8Gi' }), makeNode('busy', { cpu: '4', memory: '8Gi' })];
  const s = Snapshot.from(nodes, [makePod('e', { node: 'busy', cpu: '2', memory: '4Gi' })]);
  const pod = makePod('p', { cpu: '1', memory: '2Gi' });

  it('LeastAllocated prefers the emptier node', () => {
    // empty: cpu (4-1)/4=75, mem (8-2)/8=75 → 75; busy: cpu 25, mem 25 → 25
    expect(scoreAll(new NodeResourcesFit(), pod, s)).toEqual({ empty: 75, busy: 25 });
  });

  it('MostAllocated prefers the fuller node', () => {
    const p = new NodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
    expect(scoreAll(p, pod, s)).toEqual({ empty: 25, busy: 75 });
  });

  it('resource weights are honoured', () => {
    const p = new NodeResourcesFit({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } });
    const s2 = Snapshot.from([makeNode('n', { cpu: '4', memory: '8Gi' })], [makePod('e', { node: 'n', memory: '6Gi', cpu: '1' })]);
    // cpu: (4-2)/4=50 ×3, memory (8-6.0-2)/8 = 0 ×1 → 150/4 = 37
    expect(scoreAll(p, pod, s2)).toEqual({ n: 37 });
  });

  it('uses the 100m/200Mi defaults for pods without requests', () => {
    const s3 = Snapshot.from([makeNode('n', { cpu: '1', memory: '1000Mi' })]);
    // cpu (1000-100)/1000=90, mem (1000-200)/1000=80 → 85
    expect(scoreAll(new NodeResourcesFit(), makePod('p'), s3)).toEqual({ n: 85 });
  });

  it('rejects an unknown strategy', () => {
    expect(() => new NodeResourcesFit({ scoringStrategy: { type: 'Bogus' } })).toThrow(/unsupported/);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers nodes whose cpu and memory fractions are even', () => {
    const s = Snapshot.from(
      [makeNode('even', { cpu: '4', memory: '4Gi' }), makeNode('skewed', { cpu: '4', memory: '4Gi' })],
      [makePod('e', { node: 'skewed', cpu: '2' })],
    );
    const pod = makePod('p', { cpu: '1', memory: '1Gi' });
    // even: 0.25 / 0.25 → 100; skewed: 0.75 / 0.25 → std 0.25 → 75
    expect(scoreAll(new BalancedAllocation(), pod, s)).toEqual({ even: 100, skewed: 75 });
  });
});
