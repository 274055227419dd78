import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../testing/builders.js';
import { SchedulerCache } from './cache.js';
import { Snapshot } from './snapshot.js';

function setup() {
  let now = 1000;
  const cache = new SchedulerCache({ now: () => now, assumedPodTtlMs: 30_000 });
  cache.addNode(makeNode('n1'));
  cache.addNode(makeNode('n2'));
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('SchedulerCache', () => {
  it('counts an assumed pod on its node immediately', () => {
    const { cache } = setup();
    cache.assumePod(makePod('a', { node: 'n1', cpu: '1' }));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.requested.cpu).toBe(1000);
    expect(snap.get('n1')!.pods).toHaveLength(1);
    expect(cache.isAssumed('default/a')).toBe(true);
  });

  it('forgetPod removes the assumption', () => {
    const { cache } = setup();
    const pod = makePod('a', { node: 'n1', cpu: '1' });
    cache.assumePod(pod);
    cache.forgetPod(pod);
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.requested.cpu ?? 0).toBe(0);
    expect(cache.isAssumed('default/a')).toBe(false);
  });

  it('the informer add confirms the assumption without double counting', () => {
    const { cache, advance } = setup();
    const pod = makePod('a', { node: 'n1', cpu: '1' });
    cache.assumePod(pod);
    cache.finishBinding(pod);
    cache.addPod(pod);
    advance(60_000);
    expect(cache.cleanupExpired()).toEqual([]);
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.requested.cpu).toBe(1000);
    expect(cache.isAssumed('default/a')).toBe(false);
  });

  it('expires an assumption whose pod never showed up bound, only after the TTL', () => {
    const { cache, advance } = setup();
    const pod = makePod('a', { node: 'n1', cpu: '1' });
    cache.assumePod(pod);
    advance(60_000);
    expect(cache.cleanupExpired()).toEqual([]); // binding not finished yet: never expires
    cache.finishBinding(pod);
    advance(29_999);
    expect(cache.cleanupExpired()).toEqual([]);
    advance(1);
    expect(cache.cleanupExpired()).toEqual(['default/a']);
  });

  it('refuses to assume a pod twice', () => {
    const { cache } = setup();
    cache.assumePod(makePod('a', { node: 'n1' }));
    expect(() => cache.assumePod(makePod('a', { node: 'n2' }))).toThrow(/already/);
  });

  it('moves a pod whose node changed and removes deleted pods', () => {
    const { cache } = setup();
    cache.addPod(makePod('a', { node: 'n1', cpu: '1' }));
    cache.updatePod(makePod('a', { node: 'n2', cpu: '1' }));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.pods).toHaveLength(0);
    expect(snap.get('n2')!.requested.cpu).toBe(1000);
    cache.removePod(makePod('a', { node: 'n2' }));
    cache.updateSnapshot(snap);
    expect(snap.get('n2')!.pods).toHaveLength(0);
  });

  it('updateSnapshot clones only changed nodes and drops removed ones', () => {
    const { cache } = setup();
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const n2Before = snap.nodeInfoMap.get('n2');
    cache.addPod(makePod('a', { node: 'n1', cpu: '1' }));
    cache.updateSnapshot(snap);
    expect(snap.nodeInfoMap.get('n2')).toBe(n2Before);
    cache.removeNode(makeNode('n2'));
    cache.updateSnapshot(snap);
    expect(snap.list.map((n) => n.name)).toEqual(['n1']);
  });

  it('updates changed nodes in place (order and affinity lists kept right), and re-lists on node add/remove', () => {
    const { cache } = setup();
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'x' } } }] } };
    const a = makePod('a', { node: 'n2' });
    a.spec!.affinity = anti;
    cache.addPod(a);
    cache.updateSnapshot(snap);
    expect(snap.list.map((n) => n.name)).toEqual(['n1', 'n2']);
    expect(snap.list[1]).toBe(snap.nodeInfoMap.get('n2'));
    expect(snap.list[1]!.pods).toHaveLength(1);
    expect(snap.havePodsWithRequiredAntiAffinity.map((n) => n.name)).toEqual(['n2']);
    expect(snap.havePodsWithAffinity.map((n) => n.name)).toEqual(['n2']);
    cache.removePod(a);
    cache.updateSnapshot(snap);
    expect(snap.havePodsWithRequiredAntiAffinity).toEqual([]);
    expect(snap.list[1]!.pods).toHaveLength(0);
    cache.addNode(makeNode('n0'));
    cache.updateSnapshot(snap);
    expect(snap.list.map((n) => n.name)).toEqual(['n0', 'n1', 'n2']);
    cache.addPod(makePod('b', { node: 'n1' }));
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.pods).toHaveLength(1);
    expect(snap.list[1]).toBe(snap.get('n1'));
    cache.removeNode(makeNode('n0'));
    cache.updateSnapshot(snap);
    expect(snap.list.map((n) => n.name)).toEqual(['n1', 'n2']);
  });

  it('snapshots are isolated from later cache changes', () => {
    const { cache } = setup();
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    cache.addPod(makePod('a', { node: 'n1', cpu: '1' }));
    expect(snap.get('n1')!.pods).toHaveLength(0);
  });

  it('keeps pods of a node that disappeared until they go', () => {
    const { cache } = setup();
    cache.addPod(makePod('a', { node: 'n1', cpu: '1' }));
    cache.removeNode(makeNode('n1'));
    expect(cache.nodeCount).toBe(1);
    cache.addNode(makeNode('n1'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    expect(snap.get('n1')!.requested.cpu).toBe(1000);
  });
});
