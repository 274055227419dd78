import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { FieldSet, fromFieldsV1, keyElement, pathToString, toFieldsV1 } from './fieldpath.js';

describe('pathToString', () => {
  it.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'], '.spec.containers[name="nginx"].image'],
    [['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'], '.spec.ports[port=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', 'v:"a"'], '.metadata.finalizers[="a"]'],
    [['f:list', 'i:3'], '.list[3]'],
  ])('%j → %s', (p, want) => expect(pathToString(p)).toBe(want));
});

describe('keyElement', () => {
  it('sorts key fields', () => {
    expect(keyElement({ protocol: 'TCP', containerPort: 80 })).toBe('k:{"containerPort":80,"protocol":"TCP"}');
  });
});

describe('FieldsV1', () => {
  const example = {
    'f:metadata': { 'f:labels': { 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } }, 'f:replicas': {} },
  };
  const paths = [
    ['f:metadata', 'f:labels', 'f:app'],
    ['f:spec', 'f:containers', 'k:{"name":"nginx"}'],
    ['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'],
    ['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:name'],
    ['f:spec', 'f:replicas'],
  ];

  it('decodes members: leaves and "." nodes', () => {
    const set = fromFieldsV1(example);
    expect(set.size).toBe(5);
    for (const p of paths) expect(set.has(p)).toBe(true);
    expect(set.has(['f:spec'])).toBe(false);
    expect(set.has(['f:spec', 'f:containers'])).toBe(false);
  });

  it('encodes with "." first and round-trips', () => {
    const enc = toFieldsV1(new FieldSet(paths));
    expect(enc).toEqual(example);
    expect(JSON.stringify(enc)).toBe(JSON.stringify(example));
    expect(Object.keys((enc['f:spec'] as any)['f:containers']['k:{"name":"nginx"}'])[0]).toBe('.');
  });

  it.each([
    ['not an object', 'x'],
    ['bad element', { 'x:y': {} }],
    ['bad child', { 'f:a': 1 }],
  ])('rejects %s', (_n, v) => {
    expect(() => fromFieldsV1(v)).toThrow(ApiError);
  });
});

describe('FieldSet', () => {
  const a = new FieldSet([['f:a'], ['f:b', 'f:c']]);
  const b = new FieldSet([['f:b', 'f:c'], ['f:d']]);
  it.each([
    ['union', a.union(b), [['f:a'], ['f:b', 'f:c'], ['f:d']]],
    ['difference', a.difference(b), [['f:a']]],
    ['intersection', a.intersection(b), [['f:b', 'f:c']]],
  ])('%s', (_n, got, want) => {
    expect(got.equals(new FieldSet(want))).toBe(true);
  });
  it('hasDescendant', () => {
    expect(a.hasDescendant(['f:b'])).toBe(true);
    expect(a.hasDescendant(['f:b', 'f:c'])).toBe(false);
    expect(a.hasDescendant(['f:a'])).toBe(false);
  });
});
