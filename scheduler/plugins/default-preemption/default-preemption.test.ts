import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { CycleState } from '../../framework/cycle-state.js';
import { Framework } from '../../framework/framework.js';
import type { FilterRunner, Handle, NodeToStatus } from '../../framework/types.js';
import { makeNode, makePod } from '../../testing/builders.js';
import { fakeActions, fakeHandle } from '../../testing/harness.js';
import { defaultPlugins, newRegistry } from '../registry.js';
import { DefaultPreemption } from './default-preemption.js';
import { pickOne } from './victims.js';
import { newPodInfo } from '../../cache/pod-info.js';

function setup(nodes = [makeNode('n1', { cpu: '2' }), makeNode('n2', { cpu: '2' })], nominated: Record<string, V1Pod[]> = {}) {
  const actions = fakeActions();
  let fw: Framework | undefined;
  const handle: Handle = fakeHandle({ actions, filters: (): FilterRunner => fw!, nominated });
  fw = new Framework({ schedulerName: 'default-scheduler', plugins: defaultPlugins() }, newRegistry(), handle);
  return { actions, handle, nodes, plugin: new DefaultPreemption(handle) };
}

function statusesFor(fw: FilterRunner, pod: V1Pod, snap: Snapshot): NodeToStatus {
  const state = new CycleState();
  fw.runPreFilter(state, pod, snap);
  return new Map(snap.list.map((n) => [n.name, fw.runFilter(state, pod, n)]));
}

const signal = new AbortController().signal;

describe('DefaultPreemption', () => {
  it('evicts the lowest-priority pods needed and nominates the node', async () => {
    const { actions, handle, nodes, plugin } = setup();
    const existing = [
      makePod('low', { node: 'n1', cpu: '1', priority: 1 }),
      makePod('low2', { node: 'n1', cpu: '1', priority: 2 }),
      makePod('mid', { node: 'n2', cpu: '2', priority: 50 }),
    ];
    const snap = Snapshot.from(nodes, existing);
    const pod = makePod('high', { cpu: '1', priority: 100 });
    const r = await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(r.status.isSuccess()).toBe(true);
    expect(r.nominatedNodeName).toBe('n1');
    // only one pod needs to go; the less important one (priority 1) is chosen, priority 2 is reprieved
    expect(actions.deleted).toEqual(['default/low']);
    expect(actions.events).toEqual([expect.objectContaining({ pod: 'default/low', reason: 'Preempted', message: 'Preempted by pod uid-high on node n1' })]);
  });

  it('reports "No preemption victims" when nothing has lower priority', async () => {
    const { handle, nodes, plugin } = setup();
    const snap = Snapshot.from(nodes, [makePod('a', { node: 'n1', cpu: '2', priority: 100 }), makePod('b', { node: 'n2', cpu: '2', priority: 100 })]);
    const pod = makePod('p', { cpu: '1', priority: 100 });
    const r = await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(r.status.isSuccess()).toBe(false);
    expect(r.status.message()).toBe('preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    expect(r.nominatedNodeName).toBe('');
  });

  it('does not consider nodes rejected as unresolvable', async () => {
    const { handle, plugin } = setup();
    const nodes = [makeNode('n1', { cpu: '2' }), makeNode('n2', { cpu: '2', labels: { zone: 'x' } })];
    const snap = Snapshot.from(nodes, [makePod('low', { node: 'n1', cpu: '2', priority: 0 })]);
    const pod = makePod('p', { cpu: '1', priority: 100, spec: { nodeSelector: { zone: 'y' } } });
    const r = await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(r.status.message()).toBe('preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('keeps the filter reason when evicting everything still does not help', async () => {
    const { handle, nodes, plugin } = setup();
    const snap = Snapshot.from(nodes, [makePod('low', { node: 'n1', cpu: '1', priority: 0 }), makePod('low2', { node: 'n2', cpu: '1', priority: 0 })]);
    const pod = makePod('big', { cpu: '3', priority: 100 });
    const r = await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(r.status.message()).toBe('preemption: 0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('honours preemptionPolicy Never', async () => {
    const { handle, nodes, plugin } = setup();
    const snap = Snapshot.from(nodes, [makePod('low', { node: 'n1', cpu: '2', priority: 0 })]);
    const pod = makePod('p', { cpu: '2', priority: 100, spec: { preemptionPolicy: 'Never' } });
    const r = await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(r.status.message()).toBe('preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('clears lower-priority nominations on the chosen node', async () => {
    const other = makePod('nominee', { priority: 10 });
    const { actions, handle, nodes, plugin } = setup(undefined, { n1: [other] });
    const snap = Snapshot.from(nodes.slice(0, 1), [makePod('low', { node: 'n1', cpu: '2', priority: 0 })]);
    const pod = makePod('p', { cpu: '1', priority: 100 });
    await plugin.postFilter(new CycleState(), pod, statusesFor(handle.filters(), pod, snap), snap, signal);
    expect(actions.nominated).toEqual([['default/nominee', '']]);
  });
});

describe('pickOne', () => {
  const v = (name: string, priority: number) => newPodInfo(makePod(name, { priority, node: 'x' }));
  it.each([
    { name: 'lowest highest-priority victim', cands: [{ node: 'a', victims: [v('x', 5)] }, { node: 'b', victims: [v('y', 3), v('z', 3)] }], want: 'b' },
    { name: 'then lowest priority sum', cands: [{ node: 'a', victims: [v('x', 5), v('w', 4)] }, { node: 'b', victims: [v('y', 5), v('z', 1)] }], want: 'b' },
    { name: 'then fewest victims', cands: [{ node: 'a', victims: [v('x', 0), v('w', 0)] }, { node: 'b', victims: [v('y', 0)] }, { node: 'c', victims: [v('z', 0), v('q', 0)] }], want: 'b' },
    { name: 'first on a full tie', cands: [{ node: 'a', victims: [v('x', 1)] }, { node: 'b', victims: [v('y', 1)] }], want: 'a' },
  ])('$name', ({ cands, want }) => {
    expect(pickOne(cands)?.node).toBe(want);
  });
  it('none', () => expect(pickOne([])).toBeUndefined());
});
