import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { FieldSet } from './fieldpath.js';
import {
  conflictError,
  decodeManagedFields,
  defaultFieldManager,
  encodeManagedFields,
  updateManagedFields,
  type Owner,
} from './managed-fields.js';

type O = Record<string, any>;
const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:01:00Z';

const deployment = (replicas: number, extra: O = {}): O => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '1', labels: { app: 'web' }, ...extra },
  spec: { replicas, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  status: { replicas: 0 },
});

function update(live: O | undefined, updated: O, manager: string, now = T1, subresource?: string): O {
  return updateManagedFields({ live, updated, manager, apiVersion: 'apps/v1', gvk, now, subresource }).object;
}
const owners = (o: O) => (o.metadata.managedFields ?? []).map((e: O) => `${e.manager}/${e.operation}${e.subresource ? '/' + e.subresource : ''}`);

describe('updateManagedFields', () => {
  it('create: the writer owns every field it set; maps and items carry "."', () => {
    const out = update(undefined, deployment(2), 'kubectl-create', T0);
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
          },
        },
      },
    ]);
  });

  const base = () => update(undefined, deployment(2), 'creator', T0);
  const cases: Array<[string, () => O, string[], (o: O) => void]> = [
    [
      'a change moves ownership of the changed field to the writer',
      () => update(base(), deployment(3), 'kubectl-edit'),
      ['creator/Update', 'kubectl-edit/Update'],
      (o) => {
        expect(o.metadata.managedFields[1].fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
        expect(o.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toBeUndefined();
      },
    ],
    [
      'a no-op write records nothing and keeps times',
      () => update(base(), deployment(2), 'kubectl-edit'),
      ['creator/Update'],
      (o) => expect(o.metadata.managedFields[0].time).toBe(T0),
    ],
    [
      'a manager left owning nothing is dropped',
      () => update(update(base(), deployment(3), 'scaler'), deployment(4), 'other'),
      ['creator/Update', 'other/Update'],
      () => undefined,
    ],
    [
      'removed fields are owned by nobody',
      () => {
        const d = deployment(2);
        delete d.metadata.labels;
        return update(base(), d, 'kubectl-label');
      },
      ['creator/Update'],
      (o) => expect(o.metadata.managedFields[0].fieldsV1['f:metadata']).toBeUndefined(),
    ],
    [
      'status is ignored for main-resource writes',
      () => update(base(), { ...deployment(2), status: { replicas: 9 } }, 'someone'),
      ['creator/Update'],
      () => undefined,
    ],
    [
      'status writes are recorded under the status subresource',
      () => update(base(), { ...deployment(2), status: { replicas: 9, conditions: [{ type: 'Available', status: 'True' }] } }, 'kube-controller-manager', T1, 'status'),
      ['creator/Update', 'kube-controller-manager/Update/status'],
      (o) =>
        expect(o.metadata.managedFields[1].fieldsV1).toEqual({
          'f:status': { 'f:conditions': { 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:replicas': {} },
        }),
    ],
    [
      'server-owned metadata is never recorded',
      () => update(base(), deployment(2, { resourceVersion: '9', generation: 4, uid: 'other' }), 'someone'),
      ['creator/Update'],
      () => undefined,
    ],
    [
      'managedFields: [{}] strips them all',
      () => update(base(), deployment(2, { managedFields: [{}] }), 'someone'),
      [],
      (o) => expect(o.metadata.managedFields).toBeUndefined(),
    ],
    [
      'managedFields: [] strips them all too (isResetManagedFields)',
      () => update(base(), deployment(2, { managedFields: [] }), 'someone'),
      [],
      (o) => expect(o.metadata.managedFields).toBeUndefined(),
    ],
    [
      'no managedFields sent keeps the stored ones',
      () => update(base(), deployment(2), 'someone'),
      ['creator/Update'],
      () => undefined,
    ],
    [
      'a writer sending a different managedFields list replaces it',
      () =>
        update(
          base(),
          deployment(3, { managedFields: [{ manager: 'imported', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } }] }),
          'someone',
        ),
      ['imported/Apply', 'someone/Update'],
      () => undefined,
    ],
    [
      'an edit that sends back the stored managedFields is an ordinary write',
      () => {
        const b = base();
        return update(b, deployment(5, { managedFields: b.metadata.managedFields }), 'kubectl-edit');
      },
      ['creator/Update', 'kubectl-edit/Update'],
      () => undefined,
    ],
    [
      'the same manager writing again extends its entry and updates its time',
      () => update(update(base(), deployment(3), 'm', T0), deployment(3, { labels: { app: 'web', x: 'y' } }), 'm', T1),
      ['creator/Update', 'm/Update'],
      (o) => {
        expect(o.metadata.managedFields[1].time).toBe(T1);
        expect(o.metadata.managedFields[1].fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:x': {} } }, 'f:spec': { 'f:replicas': {} } });
      },
    ],
  ];
  it.each(cases)('%s', (_n, run, want, check) => {
    const out = run();
    expect(owners(out)).toEqual(want);
    check(out);
  });

  it('does not mutate its inputs', () => {
    const live = base();
    const updated = deployment(7);
    const [l, u] = [JSON.stringify(live), JSON.stringify(updated)];
    update(live, updated, 'x');
    expect(JSON.stringify(live)).toBe(l);
    expect(JSON.stringify(updated)).toBe(u);
  });
});

describe('encode/decode', () => {
  const owner = (manager: string, operation: 'Apply' | 'Update', time: string, paths: string[][] = [['f:a']]): Owner => ({
    manager,
    operation,
    apiVersion: 'v1',
    time,
    set: new FieldSet(paths),
  });
  it('sorts Apply first, then by time, then by manager; drops empty owners', () => {
    const enc = encodeManagedFields([
      owner('z', 'Update', T0),
      owner('b', 'Update', T1),
      owner('a', 'Update', T1),
      owner('late', 'Apply', T1),
      owner('empty', 'Apply', T0, []),
    ]);
    expect(enc.map((e) => e.manager)).toEqual(['late', 'z', 'a', 'b']);
  });
  it('round-trips', () => {
    const enc = encodeManagedFields([{ ...owner('m', 'Update', T0), subresource: 'status' }]);
    const dec = decodeManagedFields(enc);
    expect(dec[0]).toMatchObject({ manager: 'm', operation: 'Update', subresource: 'status', time: T0 });
    expect(dec[0].set.has(['f:a'])).toBe(true);
  });
  it.each([
    ['not a list', { a: 1 }],
    ['bad operation', [{ manager: 'm', operation: 'Frob', fieldsV1: {} }]],
    ['bad fieldsType', [{ manager: 'm', operation: 'Apply', fieldsType: 'FieldsV2', fieldsV1: {} }]],
  ])('rejects %s', (_n, v) => expect(() => decodeManagedFields(v)).toThrow(ApiError));
});

describe('conflictError', () => {
  it('is a 409 Conflict with FieldManagerConflict causes', () => {
    const o: Owner = { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', set: new FieldSet() };
    const e = conflictError([{ owner: o, path: ['f:spec', 'f:replicas'] }]);
    expect(e.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
      },
      code: 409,
    });
  });
});

describe('defaultFieldManager', () => {
  it.each([
    ['kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9', 'kubectl'],
    ['kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/x/leader-election', 'kube-controller-manager'],
    ['node-fetch', 'node-fetch'],
    [undefined, 'unknown'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('%s → %s', (ua, want) => expect(defaultFieldManager(ua)).toBe(want));
});
