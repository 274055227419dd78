import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { deployment } from '../testing/index.js';
import { MaxReplicasAnnotation, DesiredReplicasAnnotation, RevisionAnnotation, RevisionHistoryAnnotation, setNewReplicaSetAnnotations } from './annotations.js';
import { computeHash, equalIgnoreHash, PodTemplateHashLabel } from './hash.js';
import { planOldScaleDown, newRSReplicas } from './rolling.js';
import { planScale } from './scale.js';
import { maxSurge, maxUnavailable, resolveFenceposts } from './strategy.js';

describe('resolveFenceposts', () => {
  it.each([
    ['25%/25% of 4', '25%', '25%', 4, [1, 1]],
    ['25%/25% of 3: surge rounds up, unavailable down', '25%', '25%', 3, [1, 0]],
    ['25%/25% of 10', '25%', '25%', 10, [3, 2]],
    ['absolute', 2, 1, 10, [2, 1]],
    ['both zero → unavailable 1', 0, 0, 5, [0, 1]],
    ['0% / 0%', '0%', '0%', 5, [0, 1]],
    ['100% surge', '100%', 0, 3, [3, 0]],
    ['30% of 1', '30%', '30%', 1, [1, 0]],
    ['defaults when unset', undefined, undefined, 8, [2, 2]],
  ])('%s', (_n, surge, unavail, desired, want) => {
    expect(resolveFenceposts(surge, unavail, desired)).toEqual(want);
  });

  it('maxUnavailable is capped at replicas and zero for Recreate', () => {
    const d = deployment('web', 2);
    d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } };
    expect(maxUnavailable(d)).toBe(2);
    d.spec!.strategy = { type: 'Recreate' };
    expect(maxUnavailable(d)).toBe(0);
    expect(maxSurge(d)).toBe(0);
  });
});

describe('pod-template-hash', () => {
  const t = () => deployment('web', 1).spec!.template;

  it('is stable, label-safe and independent of key order', () => {
    const a = t();
    const b = { spec: { containers: [{ image: 'nginx:1', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(a)).toBe(computeHash(structuredClone(a)));
  });

  it('changes with the template and the collision count, not with its own label', () => {
    const a = t();
    const b = t();
    b.spec!.containers[0]!.image = 'nginx:2';
    expect(computeHash(a)).not.toBe(computeHash(b));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    const labelled = t();
    labelled.metadata!.labels![PodTemplateHashLabel] = 'xyz';
    expect(computeHash(labelled)).toBe(computeHash(a));
    expect(equalIgnoreHash(labelled, a)).toBe(true);
    expect(equalIgnoreHash(b, a)).toBe(false);
  });

  it('treats empty and missing fields alike', () => {
    const a = t();
    const b = t();
    b.metadata!.annotations = {};
    b.spec!.volumes = [];
    expect(equalIgnoreHash(a, b)).toBe(true);
  });
});

function rs(name: string, replicas: number, available: number, created: number, ann: Record<string, string> = {}): V1ReplicaSet {
  return {
    metadata: { name, uid: name, creationTimestamp: new Date(created), annotations: ann },
    spec: { replicas, selector: {}, template: {} },
    status: { replicas, availableReplicas: available, readyReplicas: available },
  };
}

function dep(replicas: number, surge: number | string, unavail: number | string): V1Deployment {
  const d = deployment('web', replicas);
  d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavail } };
  return d;
}

describe('rolling plans', () => {
  it.each([
    ['fresh rollout can surge', dep(3, 1, 0), [rs('old', 3, 3, 1)], rs('new', 0, 0, 2), 1],
    ['at max total: no growth', dep(3, 1, 0), [rs('old', 3, 3, 1)], rs('new', 1, 0, 2), 1],
    ['never beyond replicas', dep(3, 5, 0), [rs('old', 1, 1, 1)], rs('new', 2, 2, 2), 3],
  ])('newRSReplicas: %s', (_n, d, olds, n, want) => {
    expect(newRSReplicas(d, [...olds, n], n)).toBe(want);
  });

  it.each([
    ['nothing available to give: no scale-down', dep(3, 1, 0), [rs('old', 3, 3, 1)], rs('new', 1, 0, 2), {}],
    ['new pod available: one old goes', dep(3, 1, 0), [rs('old', 3, 3, 1)], rs('new', 1, 1, 2), { old: 2 }],
    ['unhealthy old replicas go first, within the budget', dep(4, 1, 1), [rs('old', 4, 2, 1)], rs('new', 1, 0, 2), { old: 3 }],
    ['oldest old RS first', dep(4, 0, 2), [rs('a', 2, 2, 1), rs('b', 2, 2, 2)], rs('new', 0, 0, 3), { a: 0 }],
  ])('planOldScaleDown: %s', (_n, d, olds, n, want) => {
    expect(Object.fromEntries(planOldScaleDown(d, [...olds, n], olds, n))).toEqual(want);
  });
});

describe('proportional scaling (planScale)', () => {
  it('spreads a scale-up across active RSs in proportion (docs example: 10→15, surge 3)', () => {
    const d = dep(15, 3, 2);
    const old = rs('old', 8, 8, 1, { [MaxReplicasAnnotation]: '13', [DesiredReplicasAnnotation]: '10' });
    const n = rs('new', 5, 0, 2, { [MaxReplicasAnnotation]: '13', [DesiredReplicasAnnotation]: '10' });
    expect(Object.fromEntries(planScale(d, n, [old]))).toEqual({ old: 11, new: 7 });
  });

  it('scales the only active RS straight to the new size', () => {
    const d = dep(5, 1, 0);
    expect(Object.fromEntries(planScale(d, rs('new', 3, 3, 2), [rs('old', 0, 0, 1)]))).toEqual({ new: 5 });
  });

  it('scales everything down to zero', () => {
    const d = dep(0, 1, 0);
    const plan = planScale(d, rs('new', 2, 0, 2, { [MaxReplicasAnnotation]: '4' }), [rs('old', 2, 2, 1, { [MaxReplicasAnnotation]: '4' })]);
    expect(Object.fromEntries(plan)).toEqual({ old: 0, new: 0 });
  });
});

describe('revision annotations', () => {
  it('raises the revision, records history, copies deployment annotations except its own', () => {
    const d = deployment('web', 2);
    d.metadata!.annotations = { 'kubernetes.io/change-cause': 'kubectl set image', [RevisionAnnotation]: '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const r = rs('web-abc', 0, 0, 1, { [RevisionAnnotation]: '1' });
    expect(setNewReplicaSetAnnotations(d, r, 3, true, 1)).toBe(true);
    expect(r.metadata?.annotations).toEqual({
      [RevisionAnnotation]: '3',
      [RevisionHistoryAnnotation]: '1',
      'kubernetes.io/change-cause': 'kubectl set image',
    });
    expect(setNewReplicaSetAnnotations(d, r, 3, true, 1)).toBe(false);
    const fresh = rs('web-def', 0, 0, 1, {});
    setNewReplicaSetAnnotations(d, fresh, 1, false, 1);
    expect(fresh.metadata?.annotations?.[DesiredReplicasAnnotation]).toBe('2');
    expect(fresh.metadata?.annotations?.[MaxReplicasAnnotation]).toBe('3');
  });
});
