import { describe, expect, it } from 'vitest';
import { fitErrorMessage, reasonHistogram } from './fit-error.js';
import { Status } from './status.js';

const m = (entries: [string, Status][]) => new Map(entries);

describe('fitErrorMessage (kube-scheduler 1.32 wording)', () => {
  it.each([
    {
      name: 'reasons counted per node and sorted as strings, preemption suffix appended',
      input: {
        numAllNodes: 5,
        nodeToStatus: m([
          ['a', Status.unresolvable("node(s) didn't match Pod's node affinity/selector")],
          ['b', Status.unschedulable('Insufficient cpu')],
          ['c', Status.unresolvable("node(s) didn't match Pod's node affinity/selector")],
          ['d', Status.unschedulable('Insufficient cpu')],
          ['e', Status.unresolvable("node(s) didn't match Pod's node affinity/selector")],
        ]),
        postFilterMsg: 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.',
      },
      want: "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    },
    {
      name: 'a node with several reasons counts in each',
      input: { numAllNodes: 2, nodeToStatus: m([['a', Status.unschedulable('Insufficient cpu', 'Insufficient memory')], ['b', Status.unschedulable('Insufficient memory')]]) },
      want: '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    },
    {
      name: 'string sort puts 10 before 2',
      input: {
        numAllNodes: 12,
        nodeToStatus: m([
          ...Array.from({ length: 10 }, (_, i) => [`t${i}`, Status.unresolvable('node(s) had untolerated taint {a: }')] as [string, Status]),
          ['x', Status.unschedulable('Insufficient cpu')],
          ['y', Status.unschedulable('Insufficient cpu')],
        ]),
      },
      want: '0/12 nodes are available: 10 node(s) had untolerated taint {a: }, 2 Insufficient cpu.',
    },
    {
      name: 'PreFilter message replaces the histogram',
      input: { numAllNodes: 3, nodeToStatus: m([['a', Status.unresolvable('x')]]), preFilterMsg: "node(s) didn't satisfy plugin(s) [NodeAffinity]" },
      want: "0/3 nodes are available: node(s) didn't satisfy plugin(s) [NodeAffinity].",
    },
    { name: 'no reasons at all', input: { numAllNodes: 0, nodeToStatus: m([]) }, want: '0/0 nodes are available:' },
  ])('$name', ({ input, want }) => {
    expect(fitErrorMessage(input)).toBe(want);
  });

  it('reasonHistogram', () => {
    expect(reasonHistogram(m([['a', Status.unschedulable('Too many pods')]]))).toEqual(['1 Too many pods']);
  });
});
