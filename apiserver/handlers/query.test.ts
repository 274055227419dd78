import { describe, expect, it } from 'vitest';
import { bool, queryBool } from './query.js';
import { parseRequestInfo } from '../server/request/request-info.js';

describe('boolean query parameters (Kubernetes Convert_Slice_string_To_bool)', () => {
  it.each([
    ['absent', undefined, false],
    ['true', 'true', true],
    ['True (Python client)', 'True', true],
    ['TRUE', 'TRUE', true],
    ['1', '1', true],
    ['t', 't', true],
    ['empty (?watch)', '', true],
    ['anything else', 'yes', true],
    ['false', 'false', false],
    ['False', 'False', false],
    ['FALSE', 'FALSE', false],
    ['0', '0', false],
    ['first of several decides', ['false', 'true'], false],
  ])('%s', (_name, value, expected) => {
    expect(queryBool(value)).toBe(expected);
    expect(bool(value === undefined ? {} : { allowWatchBookmarks: value }, 'allowWatchBookmarks')).toBe(expected);
  });

  it.each([
    ['True', 'watch'],
    ['1', 'watch'],
    ['False', 'list'],
  ])('watch=%s makes a collection GET a %s', (value, verb) => {
    expect(parseRequestInfo('GET', '/api/v1/namespaces/default/configmaps', { watch: value })?.verb).toBe(verb);
  });
});
