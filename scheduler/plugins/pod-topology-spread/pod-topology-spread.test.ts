import type { V1Pod, V1TopologySpreadConstraint } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { feasible, filterAll, scoreAll } from '../../testing/harness.js';
import { ERR_CONSTRAINTS, ERR_MISSING_LABEL } from './filtering.js';
import { PodTopologySpread } from './pod-topology-spread.js';

const ZONE = 'zone';
const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('c1', { labels: { [ZONE]: 'c' } }),
];

const web = (name: string, node: string, ns?: string) => makePod(name, { node, labels: { app: 'web' }, namespace: ns });

function spread(c: Partial<V1TopologySpreadConstraint>, o: { labels?: Record<string, string>; spec?: Partial<NonNullable<V1Pod['spec']>> } = {}): V1Pod {
  return makePod('p', {
    labels: o.labels ?? { app: 'web' },
    spec: {
      ...(o.spec ?? {}),
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...c }],
    },
  });
}

describe('PodTopologySpread filter', () => {
  it.each<{ name: string; existing: V1Pod[]; pod: V1Pod; want: string[]; nodes?: ReturnType<typeof makeNode>[] }>([
    { name: 'empty cluster: every zone', existing: [], pod: spread({}), want: ['a1', 'a2', 'b1', 'c1'] },
    { name: 'skew 1: zone a has 1, b and c 0 → only b and c', existing: [web('w1', 'a1')], pod: spread({}), want: ['b1', 'c1'] },
    { name: 'maxSkew 2 allows zone a too', existing: [web('w1', 'a1')], pod: spread({ maxSkew: 2 }), want: ['a1', 'a2', 'b1', 'c1'] },
    { name: 'balanced 1/1/1: any zone', existing: [web('w1', 'a1'), web('w2', 'b1'), web('w3', 'c1')], pod: spread({}), want: ['a1', 'a2', 'b1', 'c1'] },
    { name: 'pods in other namespaces do not count', existing: [web('w1', 'a1', 'other')], pod: spread({}), want: ['a1', 'a2', 'b1', 'c1'] },
    { name: 'incoming pod not matching the selector adds no self-match', existing: [web('w1', 'a1')], pod: spread({}, { labels: { app: 'other' } }), want: ['a1', 'a2', 'b1', 'c1'] },
    {
      name: 'minDomains above the domain count makes the minimum 0',
      existing: [web('w1', 'a1'), web('w2', 'b1'), web('w3', 'c1')],
      pod: spread({ minDomains: 4 }),
      want: [],
    },
    {
      name: 'nodes outside the pod node affinity do not count (nodeAffinityPolicy Honor)',
      existing: [web('w1', 'a1')],
      pod: spread({}, { spec: { nodeSelector: { [ZONE]: 'a' } } }),
      // only zone a is eligible: min = 1, skew = 1+1-1 = 1 ≤ 1
      want: ['a1', 'a2', 'b1', 'c1'],
    },
    {
      name: 'nodeAffinityPolicy Ignore counts every node',
      existing: [web('w1', 'a1')],
      pod: spread({ nodeAffinityPolicy: 'Ignore' }, { spec: { nodeSelector: { [ZONE]: 'a' } } }),
      want: ['b1', 'c1'],
    },
    {
      name: 'tainted node ignored with nodeTaintsPolicy Honor',
      nodes: [makeNode('a1', { labels: { [ZONE]: 'a' } }), makeNode('b1', { labels: { [ZONE]: 'b' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })],
      existing: [web('w1', 'a1')],
      pod: spread({ nodeTaintsPolicy: 'Honor' }),
      // zone b is not counted, so the minimum is zone a's 1 and a1 stays feasible (TaintToleration rules out b1)
      want: ['a1', 'b1'],
    },
    {
      name: 'tainted node counted with the default nodeTaintsPolicy Ignore',
      nodes: [makeNode('a1', { labels: { [ZONE]: 'a' } }), makeNode('b1', { labels: { [ZONE]: 'b' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })],
      existing: [web('w1', 'a1')],
      pod: spread({}),
      want: ['b1'],
    },
  ])('$name', ({ existing, pod, want, nodes: ns }) => {
    expect(feasible(new PodTopologySpread(), pod, Snapshot.from(ns ?? nodes, existing))).toEqual(want);
  });

  it('statuses: skew vs missing label', () => {
    const snap = Snapshot.from([...nodes, makeNode('bare')], [web('w1', 'a1')]);
    const res = filterAll(new PodTopologySpread(), spread({}), snap);
    expect(res.get('a1')!.code).toBe(Code.Unschedulable);
    expect(res.get('a1')!.reasons).toEqual([ERR_CONSTRAINTS]);
    expect(res.get('bare')!.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(res.get('bare')!.reasons).toEqual([ERR_MISSING_LABEL]);
  });

  it('matchLabelKeys narrows the selector to the pod label value', () => {
    const existing = [makePod('old', { node: 'a1', labels: { app: 'web', rev: '1' } })];
    const pod = spread({ matchLabelKeys: ['rev'] }, { labels: { app: 'web', rev: '2' } });
    expect(feasible(new PodTopologySpread(), pod, Snapshot.from(nodes, existing))).toEqual(['a1', 'a2', 'b1', 'c1']);
  });
});

describe('PodTopologySpread score', () => {
  it('ScheduleAnyway: emptier zones score higher; nodes without the key score 0', () => {
    const snap = Snapshot.from([...nodes, makeNode('bare')], [web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1')]);
    const s = scoreAll(new PodTopologySpread(), spread({ whenUnsatisfiable: 'ScheduleAnyway' }), snap);
    expect(s.c1).toBe(100);
    expect(s.a1).toBe(s.a2);
    expect(s.a1).toBeLessThan(s.b1!);
    expect(s.bare).toBe(0);
  });
});
