// clone(): a deep copy with structuredClone's results, on the fast path for JSON-shaped objects;
// nowRFC3339(): Kubernetes' seconds-precision timestamps.
import { describe, expect, it } from 'vitest';
import { clone, nowRFC3339 } from './objects.js';

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
