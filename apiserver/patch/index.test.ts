import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { applyPatch, mediaType } from './index.js';

const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const live = { metadata: { name: 'web', labels: { a: '1' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } };

describe('applyPatch dispatches by Content-Type', () => {
  it.each([
    ['application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: 4 }], { replicas: 4 }],
    ['application/merge-patch+json', { spec: { replicas: 5 } }, { replicas: 5 }],
    ['application/merge-patch+json; charset=utf-8', JSON.stringify({ spec: { replicas: 6 } }), { replicas: 6 }],
    ['Application/Strategic-Merge-Patch+JSON', { spec: { template: { spec: { containers: [{ name: 'c', image: 'y' }] } } } }, { template: { spec: { containers: [{ name: 'c', image: 'y' }] } } }],
    ['application/json-patch+json', Buffer.from('[{"op":"add","path":"/spec/paused","value":true}]'), { paused: true }],
  ])('%s', (ct, body, wantSpec) => {
    const out = applyPatch(ct, live, body, gvk) as { spec: object };
    expect(out.spec).toMatchObject(wantSpec);
  });

  it('merge patch replaces lists where strategic merge merges them', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'd', image: 'z' }] } } } };
    const merge = applyPatch('application/merge-patch+json', live, patch, gvk) as any;
    const smp = applyPatch('application/strategic-merge-patch+json', live, patch, gvk) as any;
    expect(merge.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['d']);
    expect(smp.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['d', 'c']); // as kubectl's SMP orders them
  });

  it.each([
    ['application/apply-patch+yaml', 415, /unknown format/],
    ['application/json', 415, /application\/json-patch\+json/],
    [undefined, 415, /unknown format/],
  ])('%s → %i', (ct, code, msg) => {
    let err: unknown;
    try {
      applyPatch(ct, live, {}, gvk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).reason).toBe('UnsupportedMediaType');
    expect((err as ApiError).message).toMatch(msg);
  });

  it.each([
    ['broken JSON', 'application/merge-patch+json', '{nope', /error decoding patch/],
    ['merge patch not an object', 'application/merge-patch+json', [1], /must be a JSON object/],
    ['strategic patch not an object', 'application/strategic-merge-patch+json', 'null', /must be a JSON object/],
    ['json patch turning the object into a list', 'application/json-patch+json', [{ op: 'replace', path: '', value: [] }], /must be a JSON object/],
  ])('%s → 400', (_n, ct, body, msg) => {
    let err: unknown;
    try {
      applyPatch(ct, live, body, gvk);
    } catch (e) {
      err = e;
    }
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).message).toMatch(msg);
  });

  it.each([
    ['application/merge-patch+json; charset=utf-8', 'application/merge-patch+json'],
    [' Application/JSON-Patch+json ', 'application/json-patch+json'],
    [undefined, ''],
  ])('mediaType(%j) = %j', (ct, want) => expect(mediaType(ct)).toBe(want));
});
