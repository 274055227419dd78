import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from '../apiserver/patch/strategic-merge.js';
import { hasStrategicSchema, threeWayStrategicPatch } from './strategic.js';
import type { JsonObject } from './merge.js';

const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const dep = (containers: JsonObject[], extra: JsonObject = {}): JsonObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers } }, ...extra } });

describe('threeWayStrategicPatch', () => {
  it('is empty when the manifest is unchanged, whatever the server defaulted', () => {
    const m = dep([{ name: 'a', image: 'x' }]);
    const live = dep([{ name: 'a', image: 'x', imagePullPolicy: 'Always' }], { replicas: 1 });
    expect(threeWayStrategicPatch(m, m, live, gvk)).toEqual({});
  });

  it('changes one container by key and keeps fields others set inside it', () => {
    const orig = dep([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]);
    const mod = dep([{ name: 'a', image: 'x2' }, { name: 'b', image: 'y' }]);
    const live = dep([{ name: 'a', image: 'x', terminationMessagePath: '/t' }, { name: 'b', image: 'y' }]);
    const patch = threeWayStrategicPatch(orig, mod, live, gvk);
    expect(patch).toEqual({ spec: { template: { spec: { containers: [{ name: 'a', image: 'x2' }], '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }] } } } });
    const after = strategicMergePatch(live, patch, gvk);
    expect(after).toEqual(dep([{ name: 'a', image: 'x2', terminationMessagePath: '/t' }, { name: 'b', image: 'y' }]));
  });

  it('deletes list elements and fields dropped since the last apply, not ones others added', () => {
    const orig = dep([{ name: 'a', image: 'x', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'y' }], { paused: true });
    const mod = dep([{ name: 'a', image: 'x' }]);
    const live = dep([{ name: 'a', image: 'x', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'y' }, { name: 'injected', image: 'z' }], { paused: true, replicas: 3 });
    const after = strategicMergePatch(live, threeWayStrategicPatch(orig, mod, live, gvk), gvk);
    expect(after).toEqual(dep([{ name: 'a', image: 'x' }, { name: 'injected', image: 'z' }], { replicas: 3 }));
  });

  it('adds and removes scalars of a merged primitive list (finalizers)', () => {
    const g = { group: '', version: 'v1', kind: 'Pod' };
    const orig = { metadata: { finalizers: ['a', 'b'] } };
    const mod = { metadata: { finalizers: ['a', 'c'] } };
    const live = { metadata: { finalizers: ['a', 'b', 'other'] } };
    const after = strategicMergePatch(live, threeWayStrategicPatch(orig, mod, live, g), g);
    expect((after.metadata as JsonObject).finalizers).toEqual(['a', 'c', 'other']);
  });

  it('knows built-in kinds only', () => {
    expect(hasStrategicSchema(gvk)).toBe(true);
    expect(hasStrategicSchema({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBe(false);
  });
});
