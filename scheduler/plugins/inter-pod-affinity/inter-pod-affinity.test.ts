import type { V1Pod, V1PodAffinityTerm } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { feasible, filterAll, fakeHandle, scoreAll } from '../../testing/harness.js';
import { ERR_AFFINITY, ERR_ANTI_AFFINITY, ERR_EXISTING_ANTI_AFFINITY } from './filtering.js';
import { InterPodAffinity, newInterPodAffinity } from './inter-pod-affinity.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('nozone'),
];

const term = (app: string, topologyKey: string, extra: Partial<V1PodAffinityTerm> = {}): V1PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

function podWith(name: string, o: { labels?: Record<string, string>; node?: string; ns?: string; affinity?: V1PodAffinityTerm[]; anti?: V1PodAffinityTerm[] }): V1Pod {
  return makePod(name, {
    labels: o.labels,
    node: o.node,
    namespace: o.ns,
    spec: {
      affinity: {
        podAffinity: o.affinity ? { requiredDuringSchedulingIgnoredDuringExecution: o.affinity } : undefined,
        podAntiAffinity: o.anti ? { requiredDuringSchedulingIgnoredDuringExecution: o.anti } : undefined,
      },
    },
  });
}

const plugin = (ns: Record<string, Record<string, string>> = {}) => newInterPodAffinity({}, fakeHandle({ nsLabels: ns }));

describe('InterPodAffinity filter', () => {
  const db = makePod('db', { node: 'a1', labels: { app: 'db' } });
  const cases: { name: string; existing: V1Pod[]; pod: V1Pod; want: string[] }[] = [
    { name: 'affinity to a zone with a db pod', existing: [db], pod: podWith('p', { affinity: [term('db', ZONE)] }), want: ['a1', 'a2'] },
    { name: 'affinity by hostname', existing: [db], pod: podWith('p', { affinity: [term('db', HOST)] }), want: ['a1'] },
    { name: 'anti-affinity keeps out of the zone', existing: [db], pod: podWith('p', { anti: [term('db', ZONE)] }), want: ['b1', 'nozone'] },
    { name: 'anti-affinity by hostname', existing: [db], pod: podWith('p', { anti: [term('db', HOST)] }), want: ['a2', 'b1', 'nozone'] },
    { name: 'no matching pod anywhere: affinity fails', existing: [db], pod: podWith('p', { affinity: [term('cache', ZONE)] }), want: [] },
    {
      name: 'first pod of a self-affine group may go anywhere with the key',
      existing: [],
      pod: podWith('p', { labels: { app: 'web' }, affinity: [term('web', ZONE)] }),
      want: ['a1', 'a2', 'b1'],
    },
    {
      name: 'existing pod anti-affinity repels the incoming pod',
      existing: [podWith('guard', { node: 'b1', labels: { app: 'guard' }, anti: [term('web', ZONE)] })],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: ['a1', 'a2', 'nozone'],
    },
    {
      name: 'term namespaces default to the pod namespace',
      existing: [makePod('db2', { node: 'b1', labels: { app: 'db' }, namespace: 'other' })],
      pod: podWith('p', { affinity: [term('db', ZONE)] }),
      want: [],
    },
    {
      name: 'explicit namespaces',
      existing: [makePod('db2', { node: 'b1', labels: { app: 'db' }, namespace: 'other' })],
      pod: podWith('p', { affinity: [term('db', ZONE, { namespaces: ['other'] })] }),
      want: ['b1'],
    },
    {
      name: 'empty namespaceSelector selects all namespaces',
      existing: [makePod('db2', { node: 'b1', labels: { app: 'db' }, namespace: 'other' })],
      pod: podWith('p', { anti: [term('db', ZONE, { namespaceSelector: {} })] }),
      want: ['a1', 'a2', 'nozone'],
    },
  ];
  it.each(cases)('$name', ({ existing, pod, want }) => {
    expect(feasible(plugin(), pod, Snapshot.from(nodes, existing))).toEqual(want);
  });

  it('namespaceSelector matches namespace labels', () => {
    const existing = [makePod('db2', { node: 'b1', labels: { app: 'db' }, namespace: 'team-x' })];
    const pod = podWith('p', { affinity: [term('db', ZONE, { namespaceSelector: { matchLabels: { team: 'x' } } })] });
    expect(feasible(plugin({ 'team-x': { team: 'x' } }), pod, Snapshot.from(nodes, existing))).toEqual(['b1']);
    expect(feasible(plugin({}), pod, Snapshot.from(nodes, existing))).toEqual([]);
  });

  it.each([
    { name: 'affinity', pod: podWith('p', { affinity: [term('db', ZONE)] }), node: 'b1', code: Code.UnschedulableAndUnresolvable, reason: ERR_AFFINITY },
    { name: 'anti-affinity', pod: podWith('p', { anti: [term('db', ZONE)] }), node: 'a2', code: Code.Unschedulable, reason: ERR_ANTI_AFFINITY },
  ])('$name rejection status', ({ pod, node, code, reason }) => {
    const st = filterAll(plugin(), pod, Snapshot.from(nodes, [makePod('db', { node: 'a1', labels: { app: 'db' } })])).get(node)!;
    expect(st.code).toBe(code);
    expect(st.reasons).toEqual([reason]);
  });

  it('existing anti-affinity rejection status', () => {
    const existing = [podWith('guard', { node: 'b1', labels: { app: 'guard' }, anti: [term('web', HOST)] })];
    const st = filterAll(plugin(), makePod('p', { labels: { app: 'web' } }), Snapshot.from(nodes, existing)).get('b1')!;
    expect(st.code).toBe(Code.Unschedulable);
    expect(st.reasons).toEqual([ERR_EXISTING_ANTI_AFFINITY]);
  });
});

describe('InterPodAffinity score', () => {
  it('preferred affinity and anti-affinity per zone, min-max normalised', () => {
    const existing = [makePod('db', { node: 'a1', labels: { app: 'db' } }), makePod('noisy', { node: 'b1', labels: { app: 'noisy' } })];
    const pod = makePod('p', { spec: { affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db', ZONE) }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('noisy', ZONE) }] },
    } } });
    // a: +10, b: -5, nozone: 0 → (s+5)/15*100
    expect(scoreAll(new InterPodAffinity({ labels: () => undefined }), pod, Snapshot.from(nodes, existing))).toEqual({ a1: 100, a2: 100, b1: 0, nozone: 33 });
  });

  it("existing pods' required affinity counts with hardPodAffinityWeight", () => {
    const existing = [podWith('fan', { node: 'b1', labels: { app: 'fan' }, affinity: [term('web', ZONE)] })];
    const pod = makePod('p', { labels: { app: 'web' } });
    expect(scoreAll(new InterPodAffinity({ labels: () => undefined }), pod, Snapshot.from(nodes, existing))).toEqual({ a1: 0, a2: 0, b1: 100, nozone: 0 });
  });
});
