import { describe, expect, it } from 'vitest';
import { jsonTooDeep, maxNestingDepth, nonFiniteNumber, yamlTooDeep } from './depth.js';

const nestedMap = (d: number): string => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n';

describe('nesting depth bounds', () => {
  it.each([
    ['flat object', '{"a":1,"b":[1,2]}', false],
    ['brackets inside strings do not count', `{"a":"${'['.repeat(5000)}"}`, false],
    ['escaped quotes keep the string open', `{"a":"\\"${'{'.repeat(5000)}"}`, false],
    ['exactly the limit', '['.repeat(maxNestingDepth) + ']'.repeat(maxNestingDepth), false],
    ['one past the limit', '['.repeat(maxNestingDepth + 1) + ']'.repeat(maxNestingDepth + 1), true],
    ['5,000-deep array', '['.repeat(5000) + ']'.repeat(5000), true],
    ['1,000,000-deep objects, unclosed', '{"a":'.repeat(1_000_000), true],
  ])('JSON: %s', (_n, text, want) => expect(jsonTooDeep(text)).toBe(want));

  it.each([
    ['a manifest', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b}\ndata:\n  k: "[[[["\n', false],
    ['a block scalar indented far (exact check)', `data:\n  k: |\n${' '.repeat(300)}deep text\n`, false],
    ['unbalanced brackets in a plain scalar (exact check)', `cmd: echo ${'['.repeat(300)}\n`, false],
    ['flow nesting at the limit', '['.repeat(maxNestingDepth - 1) + ']'.repeat(maxNestingDepth - 1), false],
    ['flow nesting past the limit', '['.repeat(maxNestingDepth + 1) + ']'.repeat(maxNestingDepth + 1), true],
    ['5,000-deep flow', '['.repeat(5000) + ']'.repeat(5000), true],
    ['5,000 compact sequences', '- '.repeat(5000) + 'x', true],
    ['300 nested block maps', nestedMap(300), true],
    ['150 nested block maps', nestedMap(150), false],
  ])('YAML: %s', (_n, text, want) => expect(yamlTooDeep(text)).toBe(want));

  it.each([
    ['finite numbers', { a: [1, 2.5, -3e300] }, undefined],
    ['Infinity in an object', { spec: { replicas: Infinity } }, 'spec.replicas'],
    ['-Infinity in an array', { a: [1, -Infinity] }, 'a[1]'],
    ['NaN at the root', NaN, '<root>'],
  ])('nonFiniteNumber: %s', (_n, v, want) => expect(nonFiniteNumber(v)).toBe(want));
});
