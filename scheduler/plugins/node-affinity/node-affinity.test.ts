import type { V1NodeSelectorRequirement, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { feasible, filterAll, scoreAll } from '../../testing/harness.js';
import { ERR_REASON_POD, NodeAffinity } from './node-affinity.js';

const nodes = [
  makeNode('a', { labels: { zone: 'z1', disk: 'ssd', gen: '3' } }),
  makeNode('b', { labels: { zone: 'z2', gen: '5' } }),
  makeNode('c', { labels: { zone: 'z3', gen: 'x' } }),
];
const snap = Snapshot.from(nodes);

function required(...exprs: V1NodeSelectorRequirement[]): V1Pod {
  return makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } } } } });
}

describe('NodeAffinity filter', () => {
  it.each([
    { name: 'In', pod: required({ key: 'zone', operator: 'In', values: ['z1', 'z3'] }), want: ['a', 'c'] },
    { name: 'NotIn (absent label matches)', pod: required({ key: 'disk', operator: 'NotIn', values: ['ssd'] }), want: ['b', 'c'] },
    { name: 'Exists', pod: required({ key: 'disk', operator: 'Exists' }), want: ['a'] },
    { name: 'DoesNotExist', pod: required({ key: 'disk', operator: 'DoesNotExist' }), want: ['b', 'c'] },
    { name: 'Gt (non-integer label fails)', pod: required({ key: 'gen', operator: 'Gt', values: ['4'] }), want: ['b'] },
    { name: 'Lt', pod: required({ key: 'gen', operator: 'Lt', values: ['4'] }), want: ['a'] },
    { name: 'Gt with several values never matches', pod: required({ key: 'gen', operator: 'Gt', values: ['1', '2'] }), want: [] },
    { name: 'expressions in a term are ANDed', pod: required({ key: 'zone', operator: 'In', values: ['z1', 'z2'] }, { key: 'gen', operator: 'Gt', values: ['4'] }), want: ['b'] },
    { name: 'nodeSelector', pod: makePod('p', { spec: { nodeSelector: { zone: 'z2' } } }), want: ['b'] },
    {
      name: 'terms are ORed',
      pod: makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z3'] }] },
      ] } } } } }),
      want: ['a', 'c'],
    },
    {
      name: 'an empty term matches nothing',
      pod: makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } }),
      want: [],
    },
    {
      name: 'matchFields metadata.name In',
      pod: makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] }] } } } } }),
      want: ['c'],
    },
    {
      name: 'matchFields metadata.name NotIn',
      pod: makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['c'] }] }] } } } } }),
      want: ['a', 'b'],
    },
    { name: 'no constraints: every node', pod: makePod('p'), want: ['a', 'b', 'c'] },
  ])('$name', ({ pod, want }) => {
    expect(feasible(new NodeAffinity(), pod, snap)).toEqual(want);
  });

  it('rejects as UnschedulableAndUnresolvable with the Kubernetes reason', () => {
    const st = filterAll(new NodeAffinity(), makePod('p', { spec: { nodeSelector: { zone: 'nope' } } }), snap).get('a')!;
    expect(st.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(st.reasons).toEqual([ERR_REASON_POD]);
  });

  it('PreFilter narrows to nodes pinned by metadata.name', () => {
    const pod = makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } } });
    const r = new NodeAffinity().preFilter(undefined as never, pod);
    expect([...(r.nodeNames ?? [])]).toEqual(['b']);
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms and normalises to 100', () => {
    const pod = makePod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } },
      { weight: 30, preference: { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] } },
      { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
    ] } } } });
    expect(scoreAll(new NodeAffinity(), pod, snap)).toEqual({ a: 66, b: 100, c: 0 });
  });
});
