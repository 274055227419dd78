// pods/ephemeralcontainers and the pod strategy's ephemeral-container rules, without a server.
import { describe, expect, it } from 'vitest';
import { ApiError, type FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { moduleFor, resources } from '../resources.js';
import { ephemeralContainers, validateEphemeralContainers } from './ephemeral.js';

const podModule = moduleFor(resources.find((r) => r.group === '' && r.plural === 'pods')!);
const debugger1 = { name: 'debugger', image: 'busybox:1', targetContainerName: 'app' };
const spec = (eph: Obj[] = []): Obj => ({
  containers: [{ name: 'app', image: 'busybox:1' }], initContainers: [{ name: 'init', image: 'busybox:1' }],
  volumes: [{ name: 'data', emptyDir: {} }], ...(eph.length ? { ephemeralContainers: eph } : {}),
});
const pod = (eph: Obj[] = []): Obj => ({ metadata: { name: 'p', namespace: 'default' }, spec: spec(eph) });
const fields = (errs: FieldError[]): string[] => errs.map((e) => `${e.field} ${e.type}`);

describe('ephemeral container validation', () => {
  it.each<[string, Obj, string[]]>([
    ['a valid debugger', debugger1, []],
    ['a name taken by a container', { name: 'app', image: 'busybox:1' }, ['spec.ephemeralContainers[0].name FieldValueDuplicate']],
    ['a name taken by an init container', { name: 'init', image: 'busybox:1' }, ['spec.ephemeralContainers[0].name FieldValueDuplicate']],
    ['no image', { name: 'd' }, ['spec.ephemeralContainers[0].image FieldValueRequired']],
    ['ports', { name: 'd', image: 'b', ports: [{ containerPort: 80 }] }, ['spec.ephemeralContainers[0].ports FieldValueForbidden']],
    ['a probe', { name: 'd', image: 'b', readinessProbe: { exec: { command: ['true'] } } }, ['spec.ephemeralContainers[0].readinessProbe FieldValueForbidden']],
    ['resources', { name: 'd', image: 'b', resources: { limits: { cpu: '1' } } }, ['spec.ephemeralContainers[0].resources FieldValueForbidden']],
    ['lifecycle', { name: 'd', image: 'b', lifecycle: { preStop: { exec: { command: ['true'] } } } }, ['spec.ephemeralContainers[0].lifecycle FieldValueForbidden']],
    ['an unknown target', { name: 'd', image: 'b', targetContainerName: 'nope' }, ['spec.ephemeralContainers[0].targetContainerName FieldValueNotFound']],
    ['a mount of a missing volume', { name: 'd', image: 'b', volumeMounts: [{ name: 'x', mountPath: '/x' }] }, ['spec.ephemeralContainers[0].volumeMounts[0].name FieldValueNotFound']],
  ])('%s', (_n, c, want) => {
    expect(fields(validateEphemeralContainers(spec([c])))).toEqual(want);
  });

  it('allows empty resources (what kubectl debug sends)', () => {
    expect(validateEphemeralContainers(spec([{ name: 'd', image: 'b', resources: {} }]))).toEqual([]);
  });
});

describe('pods/ephemeralcontainers', () => {
  const validateUpdate = (next: Obj, old: Obj, sub?: string): string[] => fields(podModule.validateUpdate!(next, old, sub));
  const withDefaults = (o: Obj): Obj => {
    podModule.defaults!(o);
    return o;
  };

  it('is a write subresource with GET, PUT and PATCH on the Pod', () => {
    expect(podModule.subresources?.ephemeralcontainers).toBe(ephemeralContainers);
    expect(ephemeralContainers).toMatchObject({ get: true, methods: ['PUT', 'PATCH'], body: { apiVersion: 'v1', kind: 'Pod' } });
  });

  it('takes only spec.ephemeralContainers from the body', () => {
    const body = pod([debugger1]);
    (body.spec as Obj).containers = [{ name: 'changed', image: 'x' }];
    (body.metadata as Obj).labels = { a: 'b' };
    const next = ephemeralContainers.apply(pod(), body, 'p');
    expect(next).toEqual({ metadata: { name: 'p', namespace: 'default' }, spec: spec([debugger1]) });
  });

  it.each<[string, Obj[], Obj[], string[]]>([
    ['adds one', [], [debugger1], []],
    ['adds a second', [debugger1], [debugger1, { name: 'd2', image: 'b' }], []],
    ['removes one', [debugger1], [], ['spec.ephemeralContainers FieldValueForbidden']],
    ['changes one', [debugger1], [{ ...debugger1, image: 'other:1' }], ['spec.ephemeralContainers FieldValueForbidden']],
  ])('through the subresource: %s', (_n, before, after, want) => {
    const old = withDefaults(pod(before));
    expect(validateUpdate(withDefaults(pod(after)), old, 'ephemeralcontainers')).toEqual(want);
  });

  it('refuses changes through the main resource, and accepts an unchanged list', () => {
    const old = withDefaults(pod([debugger1]));
    expect(validateUpdate(withDefaults(pod([debugger1, { name: 'd2', image: 'b' }])), old)).toEqual(['spec.ephemeralContainers FieldValueForbidden']);
    expect(validateUpdate(withDefaults(pod([debugger1])), old)).toEqual([]);
  });

  it('refuses ephemeral containers on create', () => {
    const o = withDefaults(pod([debugger1]));
    let err: unknown;
    try {
      podModule.prepareForCreate!(o);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(422);
    expect((err as ApiError).message).toContain('spec.ephemeralContainers: Forbidden: cannot have ephemeral containers on create');
  });

  it('defaults new ephemeral containers like containers', () => {
    const o = withDefaults(pod([{ name: 'd', image: 'busybox' }]));
    expect((o.spec as { ephemeralContainers: Obj[] }).ephemeralContainers[0]).toMatchObject({
      imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });
});
