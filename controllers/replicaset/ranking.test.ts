import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { PodDeletionCostAnnotation, podsToDelete } from './ranking.js';
import { slowStartBatch } from './pods.js';

interface Spec {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: number;
}

function mk(s: Spec): V1Pod {
  return {
    metadata: {
      name: s.name,
      creationTimestamp: new Date(s.created ?? 0),
      annotations: s.cost !== undefined ? { [PodDeletionCostAnnotation]: String(s.cost) } : undefined,
    },
    spec: { containers: [], nodeName: s.node },
    status: {
      phase: s.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: s.ready ? 'True' : 'False', lastTransitionTime: new Date(s.readySince ?? 0) }],
      containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: !!s.ready, restartCount: s.restarts ?? 0 }],
    },
  };
}

describe('podsToDelete ordering', () => {
  it.each<[string, Spec, Spec]>([
    ['unscheduled before scheduled', { name: 'a', node: 'n1', ready: true }, { name: 'b', phase: 'Pending' }],
    ['pending before running', { name: 'a', node: 'n1', phase: 'Running' }, { name: 'b', node: 'n1', phase: 'Pending' }],
    ['unknown before running', { name: 'a', node: 'n1', phase: 'Running' }, { name: 'b', node: 'n1', phase: 'Unknown' }],
    ['not ready before ready', { name: 'a', node: 'n1', ready: true }, { name: 'b', node: 'n1', ready: false }],
    ['lower deletion cost first', { name: 'a', node: 'n1', ready: true, cost: 10 }, { name: 'b', node: 'n1', ready: true, cost: -5 }],
    ['ready for less time first', { name: 'a', node: 'n1', ready: true, readySince: 1000 }, { name: 'b', node: 'n1', ready: true, readySince: 5000 }],
    ['more restarts first', { name: 'a', node: 'n1', ready: true, restarts: 0 }, { name: 'b', node: 'n1', ready: true, restarts: 3 }],
    ['newer first', { name: 'a', node: 'n1', ready: true, created: 100 }, { name: 'b', node: 'n1', ready: true, created: 200 }],
  ])('%s', (_n, keep, del) => {
    const pods = [mk(keep), mk(del)];
    expect(podsToDelete(pods, pods, 1).map((p) => p.metadata?.name)).toEqual([del.name]);
    expect(podsToDelete([...pods].reverse(), pods, 1).map((p) => p.metadata?.name)).toEqual([del.name]);
  });

  it('prefers pods on nodes crowded with related pods', () => {
    const a = mk({ name: 'a', node: 'n1', ready: true });
    const b = mk({ name: 'b', node: 'n2', ready: true });
    const related = [a, b, mk({ name: 'x', node: 'n2', ready: true }), mk({ name: 'y', node: 'n2', ready: true })];
    expect(podsToDelete([a, b], related, 1).map((p) => p.metadata?.name)).toEqual(['b']);
  });

  it('returns everything when asked for more than there is', () => {
    expect(podsToDelete([mk({ name: 'a' })], [], 5)).toHaveLength(1);
  });
});

describe('slowStartBatch', () => {
  it.each([
    ['all succeed in batches 1,2,4,3', 10, -1, [1, 2, 4, 3], { attempted: 10, succeeded: 10 }],
    ['first call fails', 10, 0, [1], { attempted: 1, succeeded: 0 }],
    ['failure in the third batch stops there', 10, 4, [1, 2, 4], { attempted: 7, succeeded: 6 }],
    ['zero', 0, -1, [], { attempted: 0, succeeded: 0 }],
  ])('%s', async (_n, count, failAt, wantBatches, want) => {
    let calls = 0;
    const batches: number[] = [];
    let inBatch = 0;
    const res = await slowStartBatch(count, 1, async () => {
      const i = calls++;
      inBatch++;
      await Promise.resolve();
      if (inBatch > 0) {
        batches.push(inBatch);
        inBatch = 0;
      }
      if (i === failAt) throw new Error('fail');
    });
    expect(res).toEqual(want);
    expect(batches).toEqual(wantBatches);
  });
});
