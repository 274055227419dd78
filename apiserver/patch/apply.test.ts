import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { decodeApplyBody, serverSideApply } from './apply.js';
import { updateManagedFields } from './managed-fields.js';

type O = Record<string, any>;
const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:01:00Z';
const T2 = '2024-01-01T00:02:00Z';

function manifest(replicas: number, opts: { image?: string; labels?: O; containers?: O[] } = {}): O {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: opts.containers ?? [{ name: 'nginx', image: opts.image ?? 'nginx:1.25' }] },
      },
    },
  };
}

/** What the registry would store: the applied result plus server fields. */
function stored(o: O): O {
  return { ...o, metadata: { ...o.metadata, uid: 'u1', resourceVersion: '5', generation: 1 } };
}

function apply(live: O | undefined, applied: O, manager = 'kubectl', force = false, now = T1): O {
  return serverSideApply({ live, applied, manager, force, gvk, now }).object;
}

function catchErr(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

/** kubectl scale: merge patch on /scale recorded as an Update by "kubectl" with subresource scale. */
function scale(live: O, replicas: number): O {
  const updated = { ...live, spec: { ...live.spec, replicas } };
  return updateManagedFields({ live, updated, manager: 'kubectl', apiVersion: 'apps/v1', gvk, now: T2, subresource: 'scale' }).object;
}

describe('serverSideApply: create', () => {
  it('creates from the applied config and records an Apply entry', () => {
    const res = serverSideApply({ applied: manifest(2), manager: 'kubectl', force: false, gvk, now: T0 });
    expect(res.object.spec).toEqual(manifest(2).spec);
    expect(res.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    expect(res.object.metadata.managedFields).toEqual(res.managedFields);
  });

  it('leaves status and server-owned metadata out of the field set', () => {
    const applied = { ...manifest(1), status: { replicas: 3 } };
    applied.metadata.uid = 'x';
    const fields = serverSideApply({ applied, manager: 'm', force: false, gvk, now: T0 }).managedFields[0].fieldsV1;
    expect(Object.keys(fields)).toEqual(['f:metadata', 'f:spec']);
    expect(Object.keys(fields['f:metadata'] as O)).toEqual(['f:labels']);
  });
});

describe('serverSideApply: the kubectl flows', () => {
  it('apply twice with a changed replica count: same manager, no conflict', () => {
    const first = stored(apply(undefined, manifest(2), 'kubectl', false, T0));
    const second = apply(first, manifest(3), 'kubectl', false, T1);
    expect(second.spec.replicas).toBe(3);
    expect(second.metadata.uid).toBe('u1');
    expect(second.metadata.managedFields).toHaveLength(1);
    expect(second.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply', time: T1 });
  });

  it('apply, kubectl scale, apply again → 409 on .spec.replicas', () => {
    const created = stored(apply(undefined, manifest(2), 'kubectl', false, T0));
    const scaled = scale(created, 5);
    expect(scaled.metadata.managedFields.map((e: O) => [e.manager, e.operation, e.subresource])).toEqual([
      ['kubectl', 'Apply', undefined],
      ['kubectl', 'Update', 'scale'],
    ]);
    expect(scaled.metadata.managedFields[1].fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    // the applier lost .spec.replicas to the scaler
    expect(scaled.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toBeUndefined();

    const err = catchErr(() => apply(scaled, manifest(3)));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    expect(err.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl" with subresource "scale" using apps/v1', field: '.spec.replicas' },
    ]);
  });

  it('--force-conflicts takes ownership; the scaler, owning nothing more, is dropped', () => {
    const scaled = scale(stored(apply(undefined, manifest(2), 'kubectl', false, T0)), 5);
    const forced = apply(scaled, manifest(3), 'kubectl', true);
    expect(forced.spec.replicas).toBe(3);
    expect(forced.metadata.managedFields).toHaveLength(1);
    expect(forced.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toEqual({});
  });

  it('re-applying the value the other manager set is not a conflict; ownership is shared', () => {
    const scaled = scale(stored(apply(undefined, manifest(2), 'kubectl', false, T0)), 5);
    const res = apply(scaled, manifest(5));
    const owners = res.metadata.managedFields.filter((e: O) => e.fieldsV1['f:spec']?.['f:replicas']);
    expect(owners.map((e: O) => e.manager + '/' + e.operation)).toEqual(['kubectl/Apply', 'kubectl/Update']);
  });

  it('conflict with a client-side-apply Update, worded as Kubernetes does', () => {
    const created = updateManagedFields({
      live: undefined,
      updated: stored(manifest(2)),
      manager: 'kubectl-client-side-apply',
      apiVersion: 'apps/v1',
      gvk,
      now: T0,
    }).object;
    const err = catchErr(() => apply(created, manifest(4)));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });

  it('several conflicts are listed per manager', () => {
    const created = stored(apply(undefined, manifest(2), 'a', false, T0));
    const err = catchErr(() => apply(created, manifest(3, { image: 'nginx:2' }), 'b'));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(err.details?.causes?.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
    expect(err.details?.causes?.[0].message).toBe('conflict with "a"');
  });

  it('an object that never had managedFields belongs to before-first-apply', () => {
    const err = catchErr(() => apply(stored(manifest(2)), manifest(3)));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const ok = apply(stored(manifest(2)), manifest(2, { labels: { app: 'web', extra: 'x' } }));
    expect(ok.metadata.managedFields.map((e: O) => e.manager)).toEqual(['kubectl', 'before-first-apply']);
  });
});

describe('serverSideApply: merging and pruning', () => {
  const cases: Array<[string, () => O, (o: O) => void]> = [
    [
      'a label dropped from the config is removed',
      () => apply(stored(apply(undefined, manifest(1, { labels: { app: 'web', tier: 'fe' } }), 'kubectl', false, T0)), manifest(1)),
      (o) => expect(o.metadata.labels).toEqual({ app: 'web' }),
    ],
    [
      'a dropped label another manager also owns stays',
      () => {
        const a = stored(apply(undefined, manifest(1, { labels: { app: 'web', tier: 'fe' } }), 'kubectl', false, T0));
        const b = apply(a, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'fe' } } }, 'other');
        return apply(b, manifest(1));
      },
      (o) => expect(o.metadata.labels).toEqual({ app: 'web', tier: 'fe' }),
    ],
    [
      'a dropped container is removed with its fields',
      () =>
        apply(
          stored(apply(undefined, manifest(1, { containers: [{ name: 'nginx', image: 'n' }, { name: 'side', image: 's' }] }), 'kubectl', false, T0)),
          manifest(1, { containers: [{ name: 'nginx', image: 'n' }] }),
        ),
      (o) => expect(o.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'n' }]),
    ],
    [
      'a dropped container stays, with its key, while another manager owns a field in it',
      () => {
        const two = manifest(1, { containers: [{ name: 'nginx', image: 'n' }, { name: 'side', image: 's' }] });
        const live = stored(apply(undefined, two, 'kubectl', false, T0));
        const edited = JSON.parse(JSON.stringify(live));
        edited.spec.template.spec.containers[1].resources = { limits: { cpu: '1' } };
        const afterEdit = updateManagedFields({ live, updated: edited, manager: 'kubectl-edit', apiVersion: 'apps/v1', gvk, now: T1 }).object;
        return apply(afterEdit, manifest(1, { containers: [{ name: 'nginx', image: 'n' }] }));
      },
      (o) =>
        expect(o.spec.template.spec.containers).toEqual([
          { name: 'nginx', image: 'n' },
          { name: 'side', resources: { limits: { cpu: '1' } } },
        ]),
    ],
    [
      'fields set by others (not applied) are kept',
      () => {
        const live = stored(apply(undefined, manifest(1), 'kubectl', false, T0));
        live.spec.strategy = { type: 'RollingUpdate' };
        live.spec.template.spec.containers[0].imagePullPolicy = 'Always';
        return apply(live, manifest(1, { image: 'nginx:2' }));
      },
      (o) => {
        expect(o.spec.strategy).toEqual({ type: 'RollingUpdate' });
        expect(o.spec.template.spec.containers[0]).toEqual({ name: 'nginx', image: 'nginx:2', imagePullPolicy: 'Always' });
      },
    ],
    [
      'keyed lists merge by key; new items follow the applied order',
      () => {
        const live = stored(apply(undefined, manifest(1, { containers: [{ name: 'a', image: 'x' }] }), 'kubectl', false, T0));
        live.spec.template.spec.containers.push({ name: 'injected', image: 'proxy' });
        return apply(live, manifest(1, { containers: [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }] }));
      },
      (o) =>
        expect(o.spec.template.spec.containers.map((c: O) => c.name)).toEqual(['b', 'a', 'injected']),
    ],
    [
      'container ports key on containerPort + protocol (default TCP)',
      () => {
        const live = stored(apply(undefined, manifest(1, { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] }), 'kubectl', false, T0));
        live.spec.template.spec.containers[0].ports[0].protocol = 'TCP'; // defaulted by the server
        return apply(live, manifest(1, { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 80, protocol: 'UDP' }] }] }));
      },
      (o) =>
        expect(o.spec.template.spec.containers[0].ports).toEqual([
          { containerPort: 80, protocol: 'TCP', name: 'http' },
          { containerPort: 80, protocol: 'UDP' },
        ]),
    ],
    [
      'atomic lists are replaced, sets are unioned',
      () => {
        const first = manifest(1, { containers: [{ name: 'a', args: ['x', 'y'] }] });
        first.metadata.finalizers = ['f1'];
        const live = stored(apply(undefined, first, 'kubectl', false, T0));
        live.metadata.finalizers.push('f-other');
        const next = manifest(1, { containers: [{ name: 'a', args: ['z'] }] });
        next.metadata.finalizers = ['f1', 'f2'];
        return apply(live, next);
      },
      (o) => {
        expect(o.spec.template.spec.containers[0].args).toEqual(['z']);
        // applied order; items only the live object has stay behind the applied item they followed
        expect(o.metadata.finalizers).toEqual(['f1', 'f2', 'f-other']);
        expect(o.metadata.managedFields[0].fieldsV1['f:metadata']['f:finalizers']).toEqual({ 'v:"f1"': {}, 'v:"f2"': {} });
      },
    ],
    [
      'the label selector is atomic',
      () => {
        const live = stored(apply(undefined, manifest(1), 'kubectl', false, T0));
        const next = manifest(1);
        next.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
        return apply(live, next);
      },
      (o) => expect(o.spec.selector).toEqual({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }),
    ],
    [
      'null in the config means "not set"',
      () => {
        const live = stored(apply(undefined, manifest(1, { labels: { app: 'web', x: '1' } }), 'kubectl', false, T0));
        return apply(live, manifest(1, { labels: { app: 'web', x: null } }));
      },
      (o) => expect(o.metadata.labels).toEqual({ app: 'web' }),
    ],
  ];
  it.each(cases)('%s', (_n, run, check) => check(run()));

  it('does not mutate its inputs', () => {
    const live = scale(stored(apply(undefined, manifest(2), 'kubectl', false, T0)), 5);
    const applied = manifest(3, { labels: { app: 'web', x: '1' } });
    const [l, a] = [JSON.stringify(live), JSON.stringify(applied)];
    apply(live, applied, 'kubectl', true);
    expect(JSON.stringify(live)).toBe(l);
    expect(JSON.stringify(applied)).toBe(a);
  });
});

describe('serverSideApply: bad requests', () => {
  it.each([
    ['no manager', () => serverSideApply({ applied: manifest(1), manager: '', force: false, gvk, now: T0 }), /fieldManager/],
    ['manager too long', () => serverSideApply({ applied: manifest(1), manager: 'm'.repeat(129), force: false, gvk, now: T0 }), /128/],
    [
      'managedFields in the config',
      () => {
        const m = manifest(1);
        m.metadata.managedFields = [{ manager: 'x', operation: 'Apply' }];
        return serverSideApply({ applied: m, manager: 'k', force: false, gvk, now: T0 });
      },
      /managedFields must be nil/,
    ],
    ['list item without its key', () => apply(undefined, manifest(1, { containers: [{ image: 'x' }] })), /omits key field/],
    ['duplicate keys', () => apply(undefined, manifest(1, { containers: [{ name: 'a' }, { name: 'a' }] })), /duplicate entries for key \[name="a"\]/],
  ])('%s → 400', (_n, f, msg) => {
    const err = catchErr(f);
    expect(err.code).toBe(400);
    expect(err.message).toMatch(msg);
  });
});

describe('decodeApplyBody', () => {
  it.each([
    ['JSON text (what kubectl sends)', '{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"1"}}', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } }],
    ['YAML text', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } }],
    ['bytes', Buffer.from('kind: Pod'), { kind: 'Pod' }],
    ['an already parsed object', { kind: 'Pod' }, { kind: 'Pod' }],
  ])('%s', (_n, body, want) => expect(decodeApplyBody(body)).toEqual(want));

  it.each([
    ['broken YAML', 'a: [1'],
    ['a list', '[1, 2]'],
    ['a scalar', '"x"'],
    ['empty', ''],
  ])('%s → 400', (_n, body) => expect(catchErr(() => decodeApplyBody(body)).code).toBe(400));
});

describe('serverSideApply: other kinds', () => {
  const svcGVK = { group: '', version: 'v1', kind: 'Service' };
  const svc = (targetPort: number): O => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort }] },
  });

  it('service ports key on port + protocol in fieldsV1 and in conflict paths', () => {
    const created = serverSideApply({ applied: svc(8080), manager: 'a', force: false, gvk: svcGVK, now: T0 });
    expect(created.managedFields[0].fieldsV1).toEqual({
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': { 'f:app': {} } },
    });
    const live = created.object;
    (live.spec as O).ports[0].protocol = 'TCP'; // defaulted by the server
    const err = catchErr(() => serverSideApply({ live, applied: svc(9090), manager: 'b', force: false, gvk: svcGVK, now: T1 }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.ports[port=80,protocol="TCP"].targetPort');
    const forced = serverSideApply({ live, applied: svc(9090), manager: 'b', force: true, gvk: svcGVK, now: T1 });
    expect((forced.object.spec as O).ports).toEqual([{ port: 80, targetPort: 9090, protocol: 'TCP' }]);
    expect(forced.managedFields.map((e) => e.manager)).toEqual(['a', 'b']); // a keeps the selector and the port item
  });

  it('a status apply through the status subresource owns status, not spec', () => {
    const podGVK = { group: '', version: 'v1', kind: 'Pod' };
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: [] }, spec: { containers: [{ name: 'c' }] } };
    const res = serverSideApply({
      live,
      applied: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      manager: 'kubelet',
      force: false,
      gvk: podGVK,
      now: T0,
      subresource: 'status',
    });
    const mine = res.managedFields.find((e) => e.manager === 'kubelet');
    expect(mine).toMatchObject({ operation: 'Apply', subresource: 'status' });
    expect(mine?.fieldsV1).toEqual({ 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } });
  });
});
