// clone(): a deep copy with structuredClone's results, on the fast path for JSON-shaped objects;
// nowRFC3339(): Kubernetes' seconds-precision timestamps.
import { describe, expect, it } from 'vitest';
import { canonicalJSON, clone, jsonEqual, nowRFC3339 } from './objects.js';

describe('clone', () => {
  it('deep-copies plain objects and arrays: the copy shares nothing with the original', () => {
    const o = { metadata: { name: 'a', labels: { x: '1' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, n: null, b: false };
    const c = clone(o);
    expect(c).toStrictEqual(o);
    c.metadata.labels.x = '2';
    c.spec.containers[0].ports[0].containerPort = 81;
    expect(o.metadata.labels.x).toBe('1');
    expect(o.spec.containers[0].ports[0].containerPort).toBe(80);
  });

  it('keeps members set to undefined, as structuredClone does', () => {
    const c = clone({ a: undefined, b: [undefined, 1] });
    expect(Object.keys(c)).toEqual(['a', 'b']);
    expect(c).toStrictEqual(structuredClone({ a: undefined, b: [undefined, 1] }));
  });

  it('copies Dates, Maps and other non-plain values through structuredClone', () => {
    const d = new Date('2024-01-02T03:04:05Z');
    const c = clone({ when: d, m: new Map([['k', { v: 1 }]]), bytes: new Uint8Array([1, 2]) });
    expect(c.when).toBeInstanceOf(Date);
    expect(c.when).not.toBe(d);
    expect(c.when.getTime()).toBe(d.getTime());
    expect(c.m.get('k')).toEqual({ v: 1 });
    expect([...c.bytes]).toEqual([1, 2]);
  });

  it('returns primitives as they are', () => {
    expect(clone(3)).toBe(3);
    expect(clone('s')).toBe('s');
    expect(clone(null)).toBe(null);
  });
});

describe('nowRFC3339', () => {
  it('prints seconds precision in UTC, as Kubernetes timestamps', () => {
    expect(nowRFC3339(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05Z');
    expect(nowRFC3339(new Date(0))).toBe('1970-01-01T00:00:00Z');
    expect(nowRFC3339()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('nowRFC3339 within one second', () => {
  it('gives the same text for every instant of a second and moves on with the next', () => {
    expect(nowRFC3339(new Date('2024-01-02T03:04:05.001Z'))).toBe('2024-01-02T03:04:05Z');
    expect(nowRFC3339(new Date('2024-01-02T03:04:05.999Z'))).toBe('2024-01-02T03:04:05Z');
    expect(nowRFC3339(new Date('2024-01-02T03:04:06.000Z'))).toBe('2024-01-02T03:04:06Z');
    expect(nowRFC3339(new Date('1969-12-31T23:59:59.500Z'))).toBe('1969-12-31T23:59:59Z');
  });
});

describe('canonicalJSON', () => {
  it.each([
    { name: 'sorts keys at every level', v: { b: 1, a: { d: [{ y: 1, x: 2 }], c: 3 } }, plain: '{"a":{"c":3,"d":[{"x":2,"y":1}]},"b":1}', semantic: '{"a":{"c":3,"d":[{"x":2,"y":1}]},"b":1}' },
    { name: 'drops undefined members', v: { a: undefined, b: 1 }, plain: '{"b":1}', semantic: '{"b":1}' },
    { name: 'dates as ISO strings', v: { t: new Date(0) }, plain: '{"t":"1970-01-01T00:00:00.000Z"}', semantic: '{"t":"1970-01-01T00:00:00.000Z"}' },
    { name: 'nil and empty kept, or dropped when semantic', v: { a: null, b: [], c: {}, d: [1] }, plain: '{"a":null,"b":[],"c":{},"d":[1]}', semantic: '{"d":[1]}' },
    { name: 'all empty', v: { a: { b: [] } }, plain: '{"a":{"b":[]}}', semantic: 'null' },
  ])('$name', ({ v, plain, semantic }) => {
    expect(canonicalJSON(v)).toBe(plain);
    expect(canonicalJSON(v, { dropEmpty: true })).toBe(semantic);
  });
});

describe('jsonEqual', () => {
  it.each([
    { name: 'key order ignored', a: { x: 1, y: [1, { p: 'q', r: null }] }, b: { y: [1, { r: null, p: 'q' }], x: 1 }, want: true },
    { name: 'undefined members ignored', a: { x: 1, y: undefined }, b: { x: 1 }, want: true },
    { name: 'array order matters', a: [1, 2], b: [2, 1], want: false },
    { name: 'array vs object', a: [], b: {}, want: false },
    { name: 'null vs object', a: null, b: {}, want: false },
    { name: 'missing member', a: { x: 1 }, b: { x: 1, y: 2 }, want: false },
    { name: 'different scalar', a: { x: '1' }, b: { x: 1 }, want: false },
  ])('$name', ({ a, b, want }) => {
    expect(jsonEqual(a, b)).toBe(want);
    expect(jsonEqual(b, a)).toBe(want);
  });
});
