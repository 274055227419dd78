// The default policy against every component's real API calls (asked through SubjectAccessReview
// with --authorization-mode Node,RBAC), and its reconciliation when the API server restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationV1Api, KubeConfig, RbacAuthorizationV1Api, type V1SubjectAccessReviewSpec } from '@kubernetes/client-node';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';

const nodes = ['system:nodes', 'system:authenticated'];
const authd = ['system:authenticated'];

type Case = [who: string, groups: string[], verb: string, resource: string, opts: { group?: string; sub?: string; ns?: string; name?: string }, allowed: boolean];

// Calls found in scheduler/, controllers/, kubelet/, kube-proxy/ (incl. the DNS server and ServiceLB) and join.
const cases: Case[] = [
  ['system:kube-scheduler', authd, 'list', 'nodes', {}, true],
  ['system:kube-scheduler', authd, 'watch', 'pods', {}, true],
  ['system:kube-scheduler', authd, 'list', 'namespaces', {}, true],
  ['system:kube-scheduler', authd, 'create', 'pods', { sub: 'binding', ns: 'default', name: 'p' }, true],
  ['system:kube-scheduler', authd, 'patch', 'pods', { sub: 'status', ns: 'default', name: 'p' }, true],
  ['system:kube-scheduler', authd, 'delete', 'pods', { ns: 'default', name: 'victim' }, true],
  ['system:kube-scheduler', authd, 'create', 'leases', { group: 'coordination.k8s.io', ns: 'kube-system' }, true],
  ['system:kube-scheduler', authd, 'update', 'leases', { group: 'coordination.k8s.io', ns: 'kube-system', name: 'kube-scheduler' }, true],
  ['system:kube-scheduler', authd, 'update', 'leases', { group: 'coordination.k8s.io', ns: 'kube-system', name: 'kube-controller-manager' }, false],
  ['system:kube-scheduler', authd, 'create', 'events', { ns: 'default' }, true],
  ['system:kube-scheduler', authd, 'get', 'secrets', { ns: 'default', name: 's' }, false],
  ['system:kube-controller-manager', authd, 'create', 'pods', { ns: 'default' }, true],
  ['system:kube-controller-manager', authd, 'update', 'replicasets', { group: 'apps', sub: 'status', ns: 'default', name: 'r' }, true],
  ['system:kube-controller-manager', authd, 'create', 'configmaps', { ns: 'any-namespace' }, true],
  ['system:kube-controller-manager', authd, 'delete', 'endpointslices', { group: 'discovery.k8s.io', ns: 'x', name: 'y' }, true],
  ['system:kube-controller-manager', authd, 'update', 'namespaces', { sub: 'finalize', name: 'x' }, true],
  ['system:kube-controller-manager', authd, 'create', 'serviceaccounts', { sub: 'token', ns: 'x', name: 'default' }, true],
  ['system:kube-controller-manager', authd, 'update', 'certificatesigningrequests', { group: 'certificates.k8s.io', sub: 'approval', name: 'c' }, true],
  ['system:kube-controller-manager', authd, 'update', 'certificatesigningrequests', { group: 'certificates.k8s.io', sub: 'status', name: 'c' }, true],
  ['system:kube-controller-manager', authd, 'sign', 'signers', { group: 'certificates.k8s.io', name: 'kubernetes.io/kube-apiserver-client-kubelet' }, true],
  ['system:kube-controller-manager', authd, 'bind', 'clusterroles', { group: 'rbac.authorization.k8s.io', name: 'cluster-admin' }, false],
  ['system:kube-proxy', authd, 'list', 'services', {}, true],
  ['system:kube-proxy', authd, 'watch', 'endpointslices', { group: 'discovery.k8s.io' }, true],
  ['system:kube-proxy', authd, 'watch', 'nodes', {}, true],
  ['system:kube-proxy', authd, 'list', 'namespaces', {}, true],
  ['system:kube-proxy', authd, 'update', 'services', { sub: 'status', ns: 'default', name: 'lb' }, true],
  ['system:kube-proxy', authd, 'delete', 'pods', { ns: 'default', name: 'p' }, false],
  ['system:node:n1', nodes, 'create', 'nodes', {}, true],
  ['system:node:n1', nodes, 'patch', 'nodes', { sub: 'status', name: 'n1' }, true],
  ['system:node:n1', nodes, 'list', 'pods', {}, true],
  ['system:node:n1', nodes, 'create', 'leases', { group: 'coordination.k8s.io', ns: 'kube-node-lease' }, true],
  ['system:node:n1', nodes, 'update', 'leases', { group: 'coordination.k8s.io', ns: 'kube-node-lease', name: 'n1' }, true],
  ['system:node:n1', nodes, 'create', 'certificatesigningrequests', { group: 'certificates.k8s.io' }, true],
  ['system:node:n1', nodes, 'create', 'certificatesigningrequests', { group: 'certificates.k8s.io', sub: 'selfnodeclient' }, true],
  ['system:node:n1', nodes, 'patch', 'nodes', { name: 'n2' }, false],
  ['system:node:n1', nodes, 'watch', 'csidrivers', { group: 'storage.k8s.io' }, true],
  ['system:node:n1', nodes, 'create', 'csinodes', { group: 'storage.k8s.io' }, true],
  ['system:node:n1', nodes, 'list', 'runtimeclasses', { group: 'node.k8s.io' }, true],
  ['system:node:n1', nodes, 'delete', 'storageclasses', { group: 'storage.k8s.io', name: 'x' }, false],
  ['system:kube-scheduler', authd, 'watch', 'csistoragecapacities', { group: 'storage.k8s.io' }, true],
  ['system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated'], 'create', 'certificatesigningrequests', { group: 'certificates.k8s.io' }, true],
  ['system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated'], 'watch', 'certificatesigningrequests', { group: 'certificates.k8s.io', name: 'c' }, true],
  ['system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated'], 'create', 'certificatesigningrequests', { group: 'certificates.k8s.io', sub: 'nodeclient' }, true],
  ['system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated'], 'list', 'pods', {}, false],
  ['kube-apiserver-kubelet-client', ['kube-apiserver-kubelet-client', 'system:authenticated'], 'get', 'nodes', { sub: 'proxy', name: 'n1' }, true],
  ['kubernetes-admin', ['system:masters', 'system:authenticated'], 'impersonate', 'users', {}, true],
  ['somebody', authd, 'create', 'selfsubjectaccessreviews', { group: 'authorization.k8s.io' }, true],
  ['somebody', authd, 'list', 'pods', { ns: 'default' }, false],
];

describe.skipIf(!etcdAvailable)(`default policy${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const api = (): KubeConfig => env.kubeConfig();

  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
  }, 120_000);
  afterAll(async () => env?.stop());

  it.each(cases)('%s (%j) %s %s %j → %s', async (user, groups, verb, resource, o, allowed) => {
    const spec: V1SubjectAccessReviewSpec = { user, groups, resourceAttributes: { verb, resource, group: o.group ?? '', subresource: o.sub, namespace: o.ns, name: o.name } };
    const r = await api().makeApiClient(AuthorizationV1Api).createSubjectAccessReview({ body: { spec } });
    expect(r.status?.allowed).toBe(allowed);
  });

  it.each([
    ['system:unauthenticated', '/healthz', true],
    ['system:authenticated', '/apis/apps/v1', true],
    ['system:authenticated', '/metrics', false],
  ])('non-resource: group %s get %s → %s', async (group, path, allowed) => {
    const r = await api().makeApiClient(AuthorizationV1Api).createSubjectAccessReview({ body: { spec: { user: 'someone', groups: [group], nonResourceAttributes: { verb: 'get', path } } } });
    expect(r.status?.allowed).toBe(allowed);
  });

  it('reconciles the defaults on restart: missing rules and bindings come back, autoupdate=false is respected', async () => {
    const rbac = api().makeApiClient(RbacAuthorizationV1Api);
    const view = await rbac.readClusterRole({ name: 'view' });
    const before = view.rules?.length ?? 0;
    view.rules = [view.rules![0]];
    await rbac.replaceClusterRole({ name: 'view', body: view });
    const edit = await rbac.readClusterRole({ name: 'edit' });
    edit.rules = [edit.rules![0]];
    edit.metadata!.annotations = { ...edit.metadata!.annotations, 'rbac.authorization.kubernetes.io/autoupdate': 'false' };
    await rbac.replaceClusterRole({ name: 'edit', body: edit });
    await rbac.deleteClusterRoleBinding({ name: 'system:basic-user' });
    const scheduler = await rbac.readClusterRoleBinding({ name: 'system:kube-scheduler' });
    scheduler.subjects = [...(scheduler.subjects ?? []), { kind: 'User', name: 'extra-scheduler', apiGroup: 'rbac.authorization.k8s.io' }];
    await rbac.replaceClusterRoleBinding({ name: 'system:kube-scheduler', body: scheduler });

    await env.stopApiServer();
    await env.startApiServer();

    const rbac2 = api().makeApiClient(RbacAuthorizationV1Api);
    expect((await rbac2.readClusterRole({ name: 'view' })).rules).toHaveLength(before);
    expect((await rbac2.readClusterRole({ name: 'edit' })).rules).toHaveLength(1);
    expect((await rbac2.readClusterRoleBinding({ name: 'system:basic-user' })).subjects).toEqual([{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }]);
    // Extra subjects an administrator added stay.
    expect((await rbac2.readClusterRoleBinding({ name: 'system:kube-scheduler' })).subjects?.map((s) => s.name)).toEqual(['system:kube-scheduler', 'extra-scheduler']);
    await eventually('server answers as before', async () => {
      const r = await api().makeApiClient(AuthorizationV1Api).createSubjectAccessReview({ body: { spec: { user: 'x', groups: ['system:authenticated'], resourceAttributes: { verb: 'create', resource: 'selfsubjectaccessreviews', group: 'authorization.k8s.io' } } } });
      return r.status?.allowed === true;
    });
  });
});
