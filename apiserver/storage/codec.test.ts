import { describe, expect, it } from 'vitest';
import { decodeContinue, encode, encodeContinue, mapEtcdError, parseRv, prefixEnd, withRv } from './codec.js';
import { StorageError } from './types.js';

describe('codec', () => {
  it('encode drops metadata.resourceVersion and keeps everything else', () => {
    const o = { kind: 'Pod', metadata: { name: 'a', resourceVersion: '7' }, spec: { x: 1 } };
    expect(JSON.parse(encode(o).toString())).toEqual({ kind: 'Pod', metadata: { name: 'a' }, spec: { x: 1 } });
    expect(o.metadata.resourceVersion).toBe('7'); // the input is not modified
  });

  it('withRv sets the resourceVersion on a copy', () => {
    const o = { metadata: { name: 'a' } };
    expect(withRv(o, '5')).toEqual({ metadata: { name: 'a', resourceVersion: '5' } });
    expect(o.metadata).not.toHaveProperty('resourceVersion');
  });

  it.each([
    ['/registry/pods/', '/registry/pods0'],
    ['a', 'b'],
  ])('prefixEnd(%j) = %j', (p, end) => {
    expect(prefixEnd(p).toString()).toBe(end);
  });

  it('continue tokens round-trip in the Kubernetes shape', () => {
    const token = encodeContinue('/registry/pods/', '/registry/pods/ns/b\0', 42);
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: 'ns/b\0' });
    expect(decodeContinue('/registry/pods/', token)).toEqual({ rv: 42, startKey: '/registry/pods/ns/b\0' });
  });

  it.each([
    ['garbage', '!!!'],
    ['wrong version', Buffer.from(JSON.stringify({ v: 'x', rv: 1, start: 'a' })).toString('base64url')],
    ['zero rv', Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' })).toString('base64url')],
    ['no start', Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 3 })).toString('base64url')],
  ])('rejects a continue token with %s', (_c, token) => {
    expect(() => decodeContinue('/p/', token)).toThrow(expect.objectContaining({ code: 'Invalid' }));
  });

  it.each([
    ['12', 12],
    ['0', 0],
  ])('parseRv(%j) = %d', (s, n) => expect(parseRv(s, 'k')).toBe(n));

  it.each(['-1', 'abc', '1.5', ''])('parseRv rejects %j', (s) => {
    expect(() => parseRv(s, 'k')).toThrow(StorageError);
  });

  it.each([
    ['mvcc: required revision has been compacted', 'Compacted'],
    ['mvcc: required revision is a future revision', 'TooLargeResourceVersion'],
    ['14 UNAVAILABLE: No connection established', 'Unavailable'],
  ])('maps etcd error %j to %s', (msg, code) => {
    expect(mapEtcdError(new Error(msg), 'k')).toMatchObject({ code });
  });
});
