// The write subresources the modules declare, without a server: what each makes of the live object
// and the request body (the handlers add decoding, preconditions and storage).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import type { Obj } from '../../apimachinery/objects.js';
import { groupResource, moduleFor, resources } from './resources.js';
import type { WriteSubresource } from './strategy/types.js';

const byName = new Map(resources.map((r) => [groupResource(r), r]));
function write(gr: string, sub: string): WriteSubresource {
  const def = moduleFor(byName.get(gr)!).subresources?.[sub];
  if (def?.type !== 'write') throw new Error(`${gr}/${sub} is not a write subresource`);
  return def;
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('pods/binding', () => {
  const binding = write('pods', 'binding');
  const body = { apiVersion: 'v1', kind: 'Binding', target: { name: 'n1' } };

  it('sets the node and the PodScheduled condition', () => {
    const live: Obj = { metadata: { name: 'p' }, spec: {}, status: { conditions: [{ type: 'PodScheduled', status: 'False' }, { type: 'Ready', status: 'False' }] } };
    const next = binding.apply(live, body, 'p');
    expect((next.spec as Obj).nodeName).toBe('n1');
    expect((next.status as { conditions: Obj[] }).conditions.map((c) => [c.type, c.status])).toEqual([['Ready', 'False'], ['PodScheduled', 'True']]);
  });

  it.each<[string, Obj, number, string]>([
    ['already bound', { metadata: { name: 'p' }, spec: { nodeName: 'n0' } }, 409, 'pod p is already assigned to node "n0"'],
    ['being deleted', { metadata: { name: 'p', deletionTimestamp: 't' }, spec: {} }, 409, 'pod is being deleted, cannot be assigned to a host'],
  ])('refuses a pod %s', (_n, live, code, msg) => {
    const e = apiError(() => binding.apply(live, body, 'p'));
    expect(e.code).toBe(code);
    expect(e.message).toContain(msg);
  });

  it('requires a target before reading the pod', () => {
    expect(binding.checkFirst).toBe(true);
    expect(apiError(() => binding.checkBody?.({ target: {} }, 'p')).code).toBe(422);
  });
});

describe('scale', () => {
  const scale = write('deployments.apps', 'scale');
  const live: Obj = { metadata: { name: 'd', namespace: 'ns', resourceVersion: '5' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } }, status: { replicas: 1 } };

  it('shows the object as an autoscaling/v1 Scale and writes spec.replicas', () => {
    expect(scale.view?.(live)).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=web' } });
    expect((scale.apply(structuredClone(live), { spec: { replicas: 3 } }, 'd').spec as Obj).replicas).toBe(3);
  });

  it.each([[-1], [1.5], ['2']])('refuses replicas %j', (replicas) => {
    expect(apiError(() => scale.apply(structuredClone(live), { spec: { replicas } }, 'd')).code).toBe(422);
  });

  it('is shared by ReplicaSets', () => {
    expect(write('replicasets.apps', 'scale')).toBe(scale);
  });
});

describe('namespaces/finalize', () => {
  it('replaces spec.finalizers with the request’s', () => {
    const finalize = write('namespaces', 'finalize');
    const next = finalize.apply({ metadata: { name: 'n' }, spec: { finalizers: ['kubernetes'] } }, { spec: {} }, 'n');
    expect(next.spec).toEqual({ finalizers: [] });
  });
});

describe('certificatesigningrequests/approval', () => {
  it('takes Approved/Denied from the request and keeps the other conditions, stamping times', () => {
    const approval = write('certificatesigningrequests.certificates.k8s.io', 'approval');
    const live: Obj = { metadata: { name: 'c' }, status: { conditions: [{ type: 'Failed', status: 'True', lastUpdateTime: 'x', lastTransitionTime: 'x' }] } };
    const next = approval.apply(live, { status: { conditions: [{ type: 'Approved', status: 'True' }, { type: 'Failed', status: 'False' }] } }, 'c');
    const conds = (next.status as { conditions: Obj[] }).conditions;
    expect(conds.map((c) => [c.type, c.status])).toEqual([['Failed', 'True'], ['Approved', 'True']]);
    expect(typeof conds[1].lastUpdateTime).toBe('string');
    expect(typeof conds[1].lastTransitionTime).toBe('string');
  });
});
