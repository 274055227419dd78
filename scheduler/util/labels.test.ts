import type { V1LabelSelector } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { fromLabelSelector, matchesMap } from './labels.js';
import { quantityMilliValue, quantityValue } from './quantity.js';

describe('scheduler label adapter', () => {
  it.each<{ name: string; sel: V1LabelSelector | undefined; labels: Record<string, string> | undefined; want: boolean }>([
    { name: 'absent selects nothing', sel: undefined, labels: { a: 'b' }, want: false },
    { name: 'empty selects everything', sel: {}, labels: undefined, want: true },
    { name: 'matchLabels', sel: { matchLabels: { a: 'b' } }, labels: { a: 'b', c: 'd' }, want: true },
    { name: 'NotIn matches a missing key', sel: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] }, labels: {}, want: true },
    { name: 'invalid operator selects nothing', sel: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, labels: { a: 'b' }, want: false },
  ])('$name', ({ sel, labels, want }) => {
    expect(fromLabelSelector(sel).matches(labels)).toBe(want);
  });
  it('matchesMap', () => {
    expect(matchesMap({ a: 'b' }, { a: 'b', c: 'd' })).toBe(true);
    expect(matchesMap({ a: 'b' }, {})).toBe(false);
  });
});

describe('scheduler quantity adapter', () => {
  it.each([
    ['100m', 100, 1],
    ['1.5', 1500, 2],
    ['2Gi', 2 * 2 ** 30 * 1000, 2 * 2 ** 30],
    ['garbage', 0, 0],
  ])('%s', (q, milli, units) => {
    expect(quantityMilliValue(q)).toBe(milli);
    expect(quantityValue(q)).toBe(units);
  });
});
