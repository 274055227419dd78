import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import type { AdmissionRequest } from '../types.js';
import { serviceAccountAdmission, serviceAccountMountPath } from './admission.js';

const accounts: Record<string, Obj> = {
  'ns1/default': { metadata: { name: 'default' } },
  'ns1/quiet': { metadata: { name: 'quiet' }, automountServiceAccountToken: false },
};
const plugin = serviceAccountAdmission({ objects: { get: async (_r, ns, name) => accounts[`${ns}/${name}`] }, suffix: () => 'abcde' });

function req(pod: Obj, o: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return { operation: 'CREATE', user: { name: 'u', groups: [] }, group: '', version: 'v1', resource: 'pods', subresource: '', namespace: 'ns1', name: 'p', object: pod, ...o };
}

const podWith = (spec: Obj = {}, meta: Obj = {}): Obj => ({ metadata: { name: 'p', ...meta }, spec: { containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'i' }], ...spec } });
const mount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: serviceAccountMountPath };

describe('ServiceAccount admission', () => {
  it('defaults the ServiceAccount and mounts kube-api-access-<suffix> in every container', async () => {
    const pod = podWith();
    await plugin.admit!(req(pod));
    const spec = pod.spec as { serviceAccountName: string; serviceAccount: string; volumes: Obj[]; containers: Obj[]; initContainers: Obj[] };
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.volumes).toHaveLength(1);
    expect(spec.volumes[0].name).toBe('kube-api-access-abcde');
    for (const c of [...spec.containers, ...spec.initContainers]) expect(c.volumeMounts).toEqual([mount]);
  });

  it('rejects a pod whose ServiceAccount does not exist, with Kubernetes\' message', async () => {
    const err = await plugin.admit!(req(podWith({ serviceAccountName: 'ghost' }))).catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    expect((err as ApiError).message).toBe('pods "p" is forbidden: error looking up service account ns1/ghost: serviceaccount "ghost" not found');
  });

  it.each([
    ['the pod opts out', podWith({ automountServiceAccountToken: false })],
    ['the ServiceAccount opts out', podWith({ serviceAccountName: 'quiet' })],
    ['every container already mounts the path', podWith({ containers: [{ name: 'a', volumeMounts: [{ name: 'mine', mountPath: serviceAccountMountPath }] }], initContainers: [] })],
    ['it is a mirror pod', podWith({ serviceAccountName: 'ghost' }, { annotations: { 'kubernetes.io/config.mirror': 'x' } })],
  ])('adds nothing when %s', async (_n, pod) => {
    const before = JSON.stringify((pod.spec as Obj).volumes);
    await plugin.admit!(req(pod));
    expect(JSON.stringify((pod.spec as Obj).volumes)).toBe(before);
  });

  it('a pod may opt in even when its ServiceAccount opts out', async () => {
    const pod = podWith({ serviceAccountName: 'quiet', automountServiceAccountToken: true });
    await plugin.admit!(req(pod));
    expect((pod.spec as { volumes: Obj[] }).volumes).toHaveLength(1);
  });

  it.each([
    ['updates', { operation: 'UPDATE' as const }],
    ['subresources', { subresource: 'status' }],
    ['other resources', { resource: 'configmaps' }],
  ])('leaves %s alone', async (_n, o) => {
    const pod = podWith({ serviceAccountName: 'ghost' });
    await plugin.admit!(req(pod, o));
    expect((pod.spec as Obj).volumes).toBeUndefined();
  });
});
