import type { V1Taint, V1Toleration } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { Code } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterAll, scoreAll } from '../../testing/harness.js';
import { TaintToleration } from './taint-toleration.js';

const taint = (key: string, effect: string, value?: string): V1Taint => ({ key, effect, value });

describe('TaintToleration filter', () => {
  it.each<{ name: string; taints: V1Taint[]; tolerations?: V1Toleration[]; ok: boolean; reason?: string }>([
    { name: 'no taints', taints: [], ok: true },
    { name: 'NoSchedule untolerated', taints: [taint('dedicated', 'NoSchedule', 'gpu')], ok: false, reason: 'node(s) had untolerated taint {dedicated: gpu}' },
    { name: 'NoExecute untolerated', taints: [taint('node.kubernetes.io/not-ready', 'NoExecute')], ok: false, reason: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }' },
    { name: 'PreferNoSchedule never filters', taints: [taint('x', 'PreferNoSchedule')], ok: true },
    { name: 'Equal toleration with value', taints: [taint('dedicated', 'NoSchedule', 'gpu')], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], ok: true },
    { name: 'Equal toleration with wrong value', taints: [taint('dedicated', 'NoSchedule', 'gpu')], tolerations: [{ key: 'dedicated', value: 'cpu' }], ok: false, reason: 'node(s) had untolerated taint {dedicated: gpu}' },
    { name: 'Exists toleration ignores value', taints: [taint('dedicated', 'NoSchedule', 'gpu')], tolerations: [{ key: 'dedicated', operator: 'Exists' }], ok: true },
    { name: 'empty key + Exists tolerates everything', taints: [taint('a', 'NoSchedule'), taint('b', 'NoExecute')], tolerations: [{ operator: 'Exists' }], ok: true },
    { name: 'effect must match when set', taints: [taint('a', 'NoExecute')], tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }], ok: false, reason: 'node(s) had untolerated taint {a: }' },
  ])('$name', ({ taints, tolerations, ok, reason }) => {
    const snap = Snapshot.from([makeNode('n', { taints })]);
    const st = filterAll(new TaintToleration(), makePod('p', { spec: { tolerations } }), snap).get('n')!;
    expect(st.isSuccess()).toBe(ok);
    if (!ok) {
      expect(st.code).toBe(Code.UnschedulableAndUnresolvable);
      expect(st.reasons).toEqual([reason]);
    }
  });
});

describe('TaintToleration score', () => {
  it('fewer intolerable PreferNoSchedule taints score higher', () => {
    const snap = Snapshot.from([
      makeNode('clean'),
      makeNode('one', { taints: [taint('a', 'PreferNoSchedule')] }),
      makeNode('two', { taints: [taint('a', 'PreferNoSchedule'), taint('b', 'PreferNoSchedule')] }),
      makeNode('tolerated', { taints: [taint('t', 'PreferNoSchedule')] }),
    ]);
    const pod = makePod('p', { spec: { tolerations: [{ key: 't', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    expect(scoreAll(new TaintToleration(), pod, snap)).toEqual({ clean: 100, one: 50, two: 0, tolerated: 100 });
  });

  it('all nodes clean → all 100', () => {
    const snap = Snapshot.from([makeNode('a'), makeNode('b')]);
    expect(scoreAll(new TaintToleration(), makePod('p'), snap)).toEqual({ a: 100, b: 100 });
  });
});
