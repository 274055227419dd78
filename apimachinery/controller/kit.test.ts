import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Expectations } from './expectations.js';
import { FakeInformer } from './informer.js';
import { keyOf, parseKey } from './keys.js';
import { normalize } from './listwatch.js';
import { selectorMatcher, selectorString, mapSelectorMatcher } from './selector.js';
import type { Clock } from './clock.js';

const pod = (ns: string, name: string, rv = '1', labels: Record<string, string> = {}): V1Pod => ({
  metadata: { namespace: ns, name, resourceVersion: rv, labels },
});

describe('keys', () => {
  it.each([
    ['ns/name', { namespace: 'ns', name: 'name' }],
    ['node1', { name: 'node1' }],
  ])('parseKey(%s)', (k, want) => expect(parseKey(k)).toEqual(want));
  it('keyOf', () => {
    expect(keyOf(pod('a', 'b'))).toBe('a/b');
    expect(keyOf({ metadata: { name: 'n' } })).toBe('n');
  });
});

describe('informer + indexer', () => {
  it('delivers add / update(old,new) / delete and keeps indexes', () => {
    const inf = new FakeInformer<V1Pod>();
    inf.store.addIndex('app', (p) => (p.metadata?.labels?.app ? [p.metadata.labels.app] : []));
    const seen: string[] = [];
    inf.addEventHandler({
      onAdd: (o) => seen.push(`add ${keyOf(o)}`),
      onUpdate: (o, n) => seen.push(`update ${o.metadata?.resourceVersion}->${n.metadata?.resourceVersion}`),
      onDelete: (o) => seen.push(`delete ${keyOf(o)}`),
    });
    inf.deliver('add', pod('a', 'p1', '1', { app: 'web' }));
    inf.deliver('add', pod('b', 'p2', '2', { app: 'web' }));
    inf.deliver('update', pod('a', 'p1', '3', { app: 'db' }));
    expect(inf.store.listNamespace('a').map((p) => p.metadata?.name)).toEqual(['p1']);
    expect(inf.store.byIndex('app', 'web').map(keyOf)).toEqual(['b/p2']);
    expect(inf.store.byIndex('app', 'db').map(keyOf)).toEqual(['a/p1']);
    inf.deliver('delete', pod('a', 'p1', '4'));
    expect(inf.store.byIndex('app', 'db')).toEqual([]);
    expect(seen).toEqual(['add a/p1', 'add b/p2', 'update 1->3', 'delete a/p1']);
  });

  it('replays existing objects to late handlers and diffs a relist', () => {
    const inf = new FakeInformer<V1Pod>([pod('a', 'p1'), pod('a', 'p2')]);
    const seen: string[] = [];
    inf.addEventHandler({
      onAdd: (o) => seen.push(`add ${keyOf(o)}`),
      onUpdate: (_o, n) => seen.push(`update ${keyOf(n)}`),
      onDelete: (o) => seen.push(`delete ${keyOf(o)}`),
    });
    inf.replace([pod('a', 'p1'), pod('a', 'p2', '9'), pod('a', 'p3')]);
    inf.replace([pod('a', 'p3')]);
    expect(seen).toEqual(['add a/p1', 'add a/p2', 'update a/p2', 'add a/p3', 'delete a/p1', 'delete a/p2']);
  });

  it('normalize turns raw watch JSON into typed objects with Dates', () => {
    const p = normalize<V1Pod>({ metadata: { name: 'x', creationTimestamp: '2024-01-02T03:04:05Z' }, status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-02T03:04:06Z' }] } }, 'V1Pod');
    expect(p.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(p.status?.conditions?.[0]?.lastTransitionTime).toBeInstanceOf(Date);
  });
});

describe('Expectations', () => {
  const clock = (): Clock & { t: number } => {
    const c = { t: 0, now: () => c.t, setTimeout: () => setTimeout(() => {}, 0), clearTimeout: () => {} };
    return c;
  };

  it('is unsatisfied until every create is observed', () => {
    const e = new Expectations(clock());
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it('counts each expected deletion once', () => {
    const e = new Expectations(clock());
    e.expectDeletions('ns/rs', ['ns/p1', 'ns/p2']);
    e.deletionObserved('ns/rs', 'ns/p1');
    e.deletionObserved('ns/rs', 'ns/p1');
    e.deletionObserved('ns/rs', 'ns/other');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'ns/p2');
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it('expires after 5 minutes', () => {
    const c = clock();
    const e = new Expectations(c);
    e.expectCreations('k', 1);
    c.t = 5 * 60 * 1000;
    expect(e.satisfied('k')).toBe(false);
    c.t += 1;
    expect(e.satisfied('k')).toBe(true);
  });
});

describe('selectors', () => {
  it.each([
    ['matchLabels hit', { matchLabels: { app: 'web' } }, { app: 'web', x: '1' }, true],
    ['matchLabels miss', { matchLabels: { app: 'web' } }, { app: 'db' }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'b' }, true],
    ['NotIn absent', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, {}, true],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {}, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'x' }, false],
    ['empty selector matches all', {}, { a: 'b' }, true],
  ])('%s', (_n, sel, labels, want) => {
    expect(selectorMatcher(sel)(labels)).toBe(want);
  });
  it('undefined selector matches nothing; empty map selector matches nothing', () => {
    expect(selectorMatcher(undefined)({})).toBe(false);
    expect(mapSelectorMatcher({})({ a: 'b' })).toBe(false);
    expect(mapSelectorMatcher({ a: 'b' })({ a: 'b', c: 'd' })).toBe(true);
  });
  it('selectorString', () => {
    expect(selectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe('a=1,b=2,c in (x,y)');
  });
});
