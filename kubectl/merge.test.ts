import { describe, expect, it } from 'vitest';
import { goJson, isSubset, threeWayMergePatch } from './merge.js';

describe('isSubset', () => {
  it.each([
    ['equal primitives', 1, 1, true],
    ['different primitives', 1, 2, false],
    ['extra defaulted fields in live', { a: 1 }, { a: 1, b: 2 }, true],
    ['missing field', { a: 1, c: 3 }, { a: 1 }, false],
    ['lists element-wise', [{ name: 'x' }], [{ name: 'x', policy: 'IfNotPresent' }], true],
    ['lists of other length', [{ name: 'x' }], [{ name: 'x' }, { name: 'y' }], false],
    ['list vs object', [], {}, false],
  ])('%s', (_n, want, have, expected) => {
    expect(isSubset(want, have)).toBe(expected);
  });
});

describe('threeWayMergePatch', () => {
  it.each([
    ['nothing changed', { a: 1 }, { a: 1 }, { a: 1, status: {} }, {}],
    ['a changed value', { a: 1 }, { a: 2 }, { a: 1 }, { a: 2 }],
    ['a live change is reverted', { a: 1 }, { a: 1 }, { a: 5 }, { a: 1 }],
    ['a dropped field is deleted', { a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2 }, { b: null }],
    ['a dropped field already gone', { a: 1, b: 2 }, { a: 1 }, { a: 1 }, {}],
    ['fields set by others are kept', { a: 1 }, { a: 1 }, { a: 1, other: 3 }, {}],
    ['nested maps', { m: { x: 1, y: 2 } }, { m: { x: 1 } }, { m: { x: 1, y: 2, z: 3 } }, { m: { y: null } }],
    ['lists are sent whole when changed', { l: [1, 2] }, { l: [1] }, { l: [1, 2] }, { l: [1] }],
    ['list element field dropped', { l: [{ n: 'a', env: [1] }] }, { l: [{ n: 'a' }] }, { l: [{ n: 'a', env: [1], d: 0 }] }, { l: [{ n: 'a' }] }],
    ['defaulted list elements are not a change', { l: [{ n: 'a' }] }, { l: [{ n: 'a' }] }, { l: [{ n: 'a', d: 0 }] }, {}],
    ['no last-applied: only additions', undefined, { a: 1 }, { a: 1, b: 2 }, {}],
  ])('%s', (_n, original, modified, live, expected) => {
    expect(threeWayMergePatch(original, modified, live)).toEqual(expected);
  });
});

describe('goJson', () => {
  it('sorts keys, is compact and escapes HTML characters like Go', () => {
    expect(goJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: '<&>' } })).toBe('{"a":{"c":"\\u003c\\u0026\\u003e","d":[{"y":2,"z":1}]},"b":1}');
  });
});
