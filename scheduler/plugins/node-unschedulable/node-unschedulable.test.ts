import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { filterAll } from '../../testing/harness.js';
import { NodeName } from '../node-name/node-name.js';
import { NodeUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  it.each([
    { name: 'schedulable node', unschedulable: false, tolerations: undefined, ok: true },
    { name: 'cordoned node', unschedulable: true, tolerations: undefined, ok: false },
    { name: 'cordoned node, pod tolerates', unschedulable: true, tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], ok: true },
  ])('$name', ({ unschedulable, tolerations, ok }) => {
    const snap = Snapshot.from([makeNode('n', { unschedulable })]);
    const st = filterAll(new NodeUnschedulable(), makePod('p', { spec: { tolerations } }), snap).get('n')!;
    expect(st.isSuccess()).toBe(ok);
    if (!ok) expect(st.reasons).toEqual(['node(s) were unschedulable']);
  });
});

describe('NodeName', () => {
  it.each([
    { name: 'no nodeName', nodeName: undefined, ok: true },
    { name: 'same node', nodeName: 'n', ok: true },
    { name: 'other node', nodeName: 'm', ok: false },
  ])('$name', ({ nodeName, ok }) => {
    const snap = Snapshot.from([makeNode('n')]);
    const st = filterAll(new NodeName(), makePod('p', { spec: { nodeName } }), snap).get('n')!;
    expect(st.isSuccess()).toBe(ok);
    if (!ok) expect(st.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
});
