import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { jsonPatch, parsePointer } from './json-patch.js';

const doc = () => ({
  metadata: { name: 'web', labels: { app: 'web', 'a/b': 'x', 'm~n': 'y' } },
  spec: { replicas: 2, list: ['a', 'b', 'c'], nested: { k: [1, { deep: true }] } },
});

describe('parsePointer', () => {
  it.each([
    ['', []],
    ['/', ['']],
    ['/a/b', ['a', 'b']],
    ['/a~1b', ['a/b']],
    ['/m~0n', ['m~n']],
    ['/~01', ['~1']],
  ])('%j → %j', (p, want) => expect(parsePointer(p)).toEqual(want));

  it.each(['a/b', '/a~2', '/a~'])('rejects %j with 400', (p) => {
    expect(() => parsePointer(p)).toThrow(ApiError);
    try {
      parsePointer(p);
    } catch (e) {
      expect((e as ApiError).code).toBe(400);
    }
  });
});

describe('jsonPatch applies', () => {
  it.each([
    ['add a new member', [{ op: 'add', path: '/spec/paused', value: true }], (d: any) => ({ ...d, spec: { ...d.spec, paused: true } })],
    ['add replaces an existing member', [{ op: 'add', path: '/spec/replicas', value: 5 }], (d: any) => ({ ...d, spec: { ...d.spec, replicas: 5 } })],
    ['add inserts into an array', [{ op: 'add', path: '/spec/list/1', value: 'X' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['a', 'X', 'b', 'c'] } })],
    ['add at array end index', [{ op: 'add', path: '/spec/list/3', value: 'd' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['a', 'b', 'c', 'd'] } })],
    ['add appends with -', [{ op: 'add', path: '/spec/list/-', value: 'd' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['a', 'b', 'c', 'd'] } })],
    ['add with ~1 escape', [{ op: 'add', path: '/metadata/labels/c~1d', value: 'z' }], (d: any) => ({ ...d, metadata: { ...d.metadata, labels: { ...d.metadata.labels, 'c/d': 'z' } } })],
    ['remove a member (escaped)', [{ op: 'remove', path: '/metadata/labels/a~1b' }], (d: any) => ({ ...d, metadata: { ...d.metadata, labels: { app: 'web', 'm~n': 'y' } } })],
    ['remove with ~0 escape', [{ op: 'remove', path: '/metadata/labels/m~0n' }], (d: any) => ({ ...d, metadata: { ...d.metadata, labels: { app: 'web', 'a/b': 'x' } } })],
    ['remove an array element', [{ op: 'remove', path: '/spec/list/0' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['b', 'c'] } })],
    ['replace a value', [{ op: 'replace', path: '/spec/replicas', value: 7 }], (d: any) => ({ ...d, spec: { ...d.spec, replicas: 7 } })],
    ['replace an array element', [{ op: 'replace', path: '/spec/list/2', value: 'C' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['a', 'b', 'C'] } })],
    ['replace the whole document', [{ op: 'replace', path: '', value: { x: 1 } }], () => ({ x: 1 })],
    ['move a member', [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }], (d: any) => ({ ...d, spec: { list: d.spec.list, nested: d.spec.nested, count: 2 } })],
    ['move within an array', [{ op: 'move', from: '/spec/list/0', path: '/spec/list/-' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['b', 'c', 'a'] } })],
    ['move onto itself', [{ op: 'move', from: '/spec/replicas', path: '/spec/replicas' }], (d: any) => d],
    ['copy a subtree', [{ op: 'copy', from: '/spec/nested', path: '/spec/copy' }], (d: any) => ({ ...d, spec: { ...d.spec, copy: d.spec.nested } })],
    ['test that passes (key order ignored)', [{ op: 'test', path: '/metadata/labels', value: { 'm~n': 'y', 'a/b': 'x', app: 'web' } }], (d: any) => d],
    ['test then replace', [{ op: 'test', path: '/spec/replicas', value: 2 }, { op: 'replace', path: '/spec/replicas', value: 3 }], (d: any) => ({ ...d, spec: { ...d.spec, replicas: 3 } })],
    ['ops run in order', [{ op: 'add', path: '/spec/list/-', value: 'd' }, { op: 'remove', path: '/spec/list/0' }], (d: any) => ({ ...d, spec: { ...d.spec, list: ['b', 'c', 'd'] } })],
    ['empty patch', [], (d: any) => d],
  ])('%s', (_name, patch, want) => {
    const input = doc();
    const before = JSON.parse(JSON.stringify(input));
    expect(jsonPatch(input, patch)).toEqual(want(doc()));
    expect(input).toEqual(before); // never mutated
  });

  it('does not alias patch values into the result', () => {
    const value = { a: [1] };
    const out = jsonPatch({}, [{ op: 'add', path: '/v', value }]) as { v: { a: number[] } };
    out.v.a.push(2);
    expect(value.a).toEqual([1]);
  });

  it('copy makes an independent copy', () => {
    const out = jsonPatch({ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }, { op: 'replace', path: '/c/b', value: 2 }]);
    expect(out).toEqual({ a: { b: 1 }, c: { b: 2 } });
  });
});

describe('jsonPatch failures', () => {
  it.each([
    ['failing test', [{ op: 'test', path: '/spec/replicas', value: 3 }], 422, /testing value \/spec\/replicas failed/],
    ['test of a missing path', [{ op: 'test', path: '/spec/nope', value: 1 }], 422, /\/spec\/nope/],
    ['remove of a missing member', [{ op: 'remove', path: '/spec/nope' }], 422, /error in remove for path: '\/spec\/nope': Unable to remove nonexistent key: nope: missing value/],
    ['replace of a missing member', [{ op: 'replace', path: '/spec/nope', value: 1 }], 422, /replace operation does not apply: doc is missing path: "\/spec\/nope"/],
    ['add under a missing parent', [{ op: 'add', path: '/spec/a/b', value: 1 }], 422, /add operation does not apply.*\/spec\/a\/b/],
    ['add past the array end', [{ op: 'add', path: '/spec/list/9', value: 1 }], 422, /error in add for path: '\/spec\/list\/9': Unable to access invalid index: 9/],
    ['remove with - index', [{ op: 'remove', path: '/spec/list/-' }], 422, /invalid array index "-"/],
    ['leading zero index', [{ op: 'replace', path: '/spec/list/01', value: 1 }], 422, /\/spec\/list\/01/],
    ['move into own child', [{ op: 'move', from: '/spec', path: '/spec/x' }], 422, /prefix/],
    ['copy from a missing path', [{ op: 'copy', from: '/nope', path: '/x' }], 422, /\/nope/],
    ['remove the root', [{ op: 'remove', path: '' }], 422, /whole document/],
    ['patch not an array', { op: 'add' }, 400, /JSON array/],
    ['unknown op', [{ op: 'frob', path: '/a' }], 400, /Unexpected kind: frob/],
    ['missing path', [{ op: 'add', value: 1 }], 400, /missing "path"/],
    ['missing value', [{ op: 'add', path: '/a' }], 400, /missing "value"/],
    ['missing from', [{ op: 'move', path: '/a' }], 400, /missing "from"/],
    ['bad pointer', [{ op: 'add', path: 'a', value: 1 }], 400, /invalid JSON pointer/],
  ])('%s', (_name, patch, code, msg) => {
    const input = doc();
    let err: unknown;
    try {
      jsonPatch(input, patch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).message).toMatch(msg);
    expect(input).toEqual(doc());
  });

  it('a failing op leaves the input untouched even after earlier ops succeeded', () => {
    const input = doc();
    expect(() =>
      jsonPatch(input, [
        { op: 'replace', path: '/spec/replicas', value: 9 },
        { op: 'test', path: '/spec/replicas', value: 2 },
      ]),
    ).toThrow(/test failed/);
    expect(input.spec.replicas).toBe(2);
  });
});
