// compare(): the field-level difference of two objects, with unchanged members skipped, must be the
// difference of their complete field sets.
import { describe, expect, it } from 'vitest';
import { FieldSet, pathToString } from './fieldpath.js';
import { schemaFor } from '../../apimachinery/merge-keys.js';
import { compare, flatten, type WalkOptions } from './typed.js';
import { isObject } from './json.js';
import { jsonEqual } from '../../apimachinery/objects.js';

/** compare() as the definition: over the complete flattened field sets of both sides. */
function reference(before: unknown, after: unknown, opts: WalkOptions): { added: string[]; modified: string[]; removed: string[] } {
  const schema = schemaFor({ group: '', version: 'v1', kind: 'Pod' });
  const a = flatten(before, schema, opts);
  const b = flatten(after, schema, opts);
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  for (const [k, n] of b) {
    const old = a.get(k);
    if (!old) {
      if (n.kind === 'leaf' || n.kind === 'item' || n.kind === 'map' || n.empty) added.push(pathToString(n.path));
    } else if ((n.kind === 'leaf' || old.kind === 'leaf' || n.empty !== old.empty) && !jsonEqual(n.value, old.value)) {
      modified.push(pathToString(n.path));
    } else if (n.kind === 'item' && old.kind === 'item' && !isObject(n.value) && !jsonEqual(n.value, old.value)) {
      modified.push(pathToString(n.path));
    }
  }
  for (const [k, n] of a) if (!b.has(k)) removed.push(pathToString(n.path));
  return { added: added.sort(), modified: modified.sort(), removed: removed.sort() };
}

const names = (s: FieldSet): string[] => s.paths().map(pathToString).sort();

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'web', tier: 'fe' }, annotations: { a: '1' } },
  spec: {
    containers: [
      { name: 'c', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
      { name: 'side', image: 'busybox', args: ['sleep', '1'] },
    ],
    tolerations: [{ key: 'k', operator: 'Exists' }],
    nodeSelector: {},
  },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
};

describe('compare', () => {
  const schema = schemaFor({ group: '', version: 'v1', kind: 'Pod' });
  const cases: [string, (p: typeof pod) => void, WalkOptions][] = [
    ['nothing changed', () => undefined, {}],
    ['a deep leaf changed beside unchanged siblings', (p) => (p.spec.containers[0].image = 'nginx:2'), {}],
    ['binding: nodeName added, status ignored', (p) => Object.assign(p.spec, { nodeName: 'n1' }), { ignore: [['f:status']] }],
    ['a label removed and one added', (p) => (p.metadata.labels = { app: 'web', new: 'x' } as typeof p.metadata.labels), {}],
    ['a keyed list item removed', (p) => p.spec.containers.pop(), {}],
    ['an empty map filled, an atomic list changed', (p) => (Object.assign(p.spec.nodeSelector, { disk: 'ssd' }), (p.spec.containers[1].args = ['sleep', '2'])), {}],
    ['a whole subtree removed', (p) => delete (p as { status?: unknown }).status, {}],
    ['a struct replaced by a scalar', (p) => ((p.metadata as Record<string, unknown>).annotations = 'x'), {}],
    ['undefined members count as absent', (p) => Object.assign(p.metadata, { generateName: undefined }), {}],
  ];
  for (const [name, change, opts] of cases) {
    it(name, () => {
      const after = structuredClone(pod);
      change(after);
      const got = compare(pod, after, schema, opts);
      expect({ added: names(got.added), modified: names(got.modified), removed: names(got.removed) }).toEqual(reference(pod, after, opts));
    });
  }

  it('from nothing: every field is added', () => {
    const got = compare({}, pod, schema, {});
    expect(names(got.added)).toEqual(reference({}, pod, {}).added);
    expect(got.added.has(['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'])).toBe(true);
  });
});
