import { describe, expect, it } from 'vitest';
import { Snapshot } from '../cache/snapshot.js';
import { CycleState } from '../framework/cycle-state.js';
import { Framework } from '../framework/framework.js';
import { defaultPlugins, newRegistry } from '../plugins/registry.js';
import { makeNode, makePod } from '../testing/builders.js';
import { fakeHandle } from '../testing/harness.js';
import { numFeasibleNodesToFind, PodScheduler } from './schedule-pod.js';

describe('numFeasibleNodesToFind', () => {
  it.each([
    { pct: 0, nodes: 50, want: 50 },
    { pct: 0, nodes: 100, want: 100 },
    { pct: 0, nodes: 1000, want: 420 }, // 50 - 1000/125 = 42%
    { pct: 0, nodes: 6000, want: 300 }, // adaptive floor of 5%
    { pct: 10, nodes: 500, want: 100 }, // never below 100
    { pct: 100, nodes: 5000, want: 5000 },
  ])('$pct% of $nodes nodes → $want', ({ pct, nodes, want }) => {
    expect(numFeasibleNodesToFind(pct, nodes)).toBe(want);
  });
});

describe('PodScheduler', () => {
  const fw = new Framework({ schedulerName: 'default-scheduler', plugins: defaultPlugins() }, newRegistry(), fakeHandle());

  it('stops after enough feasible nodes on big clusters and rotates the start', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`));
    const snap = Snapshot.from(nodes);
    const algo = new PodScheduler({ percentageOfNodesToScore: 10 });
    const a = algo.schedulePod(fw, new CycleState(), makePod('p'), snap);
    const b = algo.schedulePod(fw, new CycleState(), makePod('q'), snap);
    expect(a.kind === 'fit' && a.evaluated).toBe(100);
    expect(b.kind === 'fit' && b.evaluated).toBe(100);
    // the second attempt started where the first stopped: the two halves are disjoint
    expect(a.kind === 'fit' && b.kind === 'fit' && a.scores().some((s) => b.scores().some((t) => t.node === s.node))).toBe(false);
  });

  it('tries the nominated node first', () => {
    const snap = Snapshot.from([makeNode('a'), makeNode('b'), makeNode('c')]);
    const pod = makePod('p');
    pod.status = { nominatedNodeName: 'c' };
    const out = new PodScheduler().schedulePod(fw, new CycleState(), pod, snap);
    expect(out).toMatchObject({ kind: 'fit', node: 'c', evaluated: 1 });
  });

  it('nodes outside a PreFilter node set are reported as such', () => {
    const snap = Snapshot.from([makeNode('a', { cpu: '1' }), makeNode('b')]);
    const pod = makePod('p', { cpu: '2', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } } });
    const out = new PodScheduler().schedulePod(fw, new CycleState(), pod, snap);
    expect(out.kind).toBe('unfit');
    expect([...out.diagnosis.nodeToStatus].map(([n, s]) => [n, s.reasons[0]])).toEqual([
      ['b', "node(s) didn't satisfy plugin(s) [NodeAffinity]"],
      ['a', 'Insufficient cpu'],
    ]);
  });
});
