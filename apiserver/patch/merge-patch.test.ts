import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';

// The examples of RFC 7386 appendix A, plus Kubernetes-shaped ones.
describe('mergePatch', () => {
  it.each([
    ['replace a member', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['add a member', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['null deletes', { a: 'b' }, { a: null }, {}],
    ['null deletes one of two', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    ['arrays replace', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
    ['value replaces array', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    ['nested merge with delete', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    ['arrays are not merged', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    ['array patch replaces doc', ['a', 'b'], ['c', 'd'], ['c', 'd']],
    ['object replaced by array', { a: 'b' }, ['c'], ['c']],
    ['null patch', { a: 'foo' }, null, null],
    ['string patch', { a: 'foo' }, 'bar', 'bar'],
    ['nulls already in the target are kept', { e: null }, { a: 1 }, { e: null, a: 1 }],
    ['scalar target becomes object', ['c'], { a: 'b' }, { a: 'b' }],
    ['new nested object strips nulls', {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ['kubectl scale', { spec: { replicas: 2, selector: 'x' } }, { spec: { replicas: 5 } }, { spec: { replicas: 5, selector: 'x' } }],
    [
      'kubectl label --overwrite and removal',
      { metadata: { labels: { a: '1', b: '2' } } },
      { metadata: { labels: { a: '3', b: null } } },
      { metadata: { labels: { a: '3' } } },
    ],
  ])('%s', (_n, target, patch, want) => {
    const before = JSON.stringify(target);
    expect(mergePatch(target, patch)).toEqual(want);
    expect(JSON.stringify(target)).toBe(before);
  });

  it('returns a result independent of both inputs', () => {
    const target = { keep: { x: [1] }, change: { y: 1 } };
    const patch = { change: { z: { w: 1 } } };
    const out = mergePatch(target, patch) as typeof target & { change: { z: { w: number } } };
    out.keep.x.push(2);
    out.change.z.w = 9;
    expect(target.keep.x).toEqual([1]);
    expect(patch.change.z.w).toBe(1);
  });
});
