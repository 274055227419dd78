// Authorization end to end: etcd + our API server over HTTPS with --authorization-mode Node,RBAC
// and a static token file, checked with the real kubectl and client-node: default roles (view
// cannot create, edit can), namespace-scoped RoleBindings, escalation prevention, roleRef
// immutability, `kubectl auth can-i` (token and --as), access and rules reviews, the Node authorizer with
// NodeRestriction, CSRs (requestor, approval, printer) and PriorityClasses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException, AuthorizationV1Api, CertificatesV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api, type V1Role } from '@kubernetes/client-node';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import { newKeyAndCSR } from '../../apimachinery/pki/index.js';

const tokens = { viewer: 'viewer-token-0123456789', editor: 'editor-token-0123456789', nsadmin: 'nsadmin-token-0123456789' };

function client(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** The HTTP status of a failed client-node call (0 when it succeeded). */
async function statusOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
    return { code: 0, message: '' };
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as { message?: string }) : (e.body as { message?: string });
    return { code: e.code, message: body?.message ?? '' };
  }
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`RBAC and Node authorization${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;
  const kc: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-rbac-'));
    const tokenFile = join(dir, 'tokens.csv');
    writeFileSync(tokenFile, `${tokens.viewer},viewer,u-viewer\n${tokens.editor},editor,u-editor,"devs"\n${tokens.nsadmin},nsadmin,u-nsadmin\n`);
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'], tokenAuthFile: tokenFile } } });
    for (const [name, token] of Object.entries(tokens)) kc[name] = env.pki!.kubeconfig(name, { token });
    kc.nodeA = env.pki!.kubeconfig('node-a', { cert: await env.pki!.clientCert('system:node:a', ['system:nodes']) });
    kc.nodeB = env.pki!.kubeconfig('node-b', { cert: await env.pki!.clientCert('system:node:b', ['system:nodes']) });
    // The admin (system:masters) sets the scene.
    const setup: string[][] = [
      ['create', 'namespace', 'team'],
      ['create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--user=viewer', '-n', 'default'],
      ['create', 'rolebinding', 'devs-edit', '--clusterrole=edit', '--group=devs', '-n', 'default'],
      ['create', 'rolebinding', 'nsadmin-admin', '--clusterrole=admin', '--user=nsadmin', '-n', 'team'],
    ];
    for (const args of setup) {
      const r = await env.kubectl(args);
      expect(r.stderr).toBe('');
    }
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the default roles, bindings and system PriorityClasses', async () => {
    const roles = await env.kubectl(['get', 'clusterroles', 'cluster-admin', 'view', 'system:node', 'system:kube-controller-manager', '-o', 'name']);
    expect(roles.stdout.trim().split('\n')).toEqual(['clusterrole.rbac.authorization.k8s.io/cluster-admin', 'clusterrole.rbac.authorization.k8s.io/view', 'clusterrole.rbac.authorization.k8s.io/system:node', 'clusterrole.rbac.authorization.k8s.io/system:kube-controller-manager']);
    const crb = await env.kubectl(['get', 'clusterrolebinding', 'cluster-admin', '-o', 'wide']);
    expect(crb.stdout).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\n/);
    expect(crb.stdout).toMatch(/cluster-admin\s+ClusterRole\/cluster-admin\s+\S+\s+system:masters/);
    const pc = await env.kubectl(['get', 'priorityclasses']);
    expect(pc.stdout).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n/);
    expect(pc.stdout).toMatch(/system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority/);
  });

  it('a view user cannot create (403 worded as Kubernetes); an edit user can, only where bound', async () => {
    await eventually('viewer can list', async () => (await env.kubectl(['get', 'configmaps', '-n', 'default'], { kubeconfig: kc.viewer })).code === 0);
    const denied = await env.kubectl(['create', 'configmap', 'v1', '-n', 'default', '--from-literal=a=b'], { kubeconfig: kc.viewer });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr.trim()).toBe('error: failed to create configmap: configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "default"');
    const ok = await eventually('editor can create', async () => {
      const r = await env.kubectl(['create', 'configmap', 'e1', '-n', 'default', '--from-literal=a=b'], { kubeconfig: kc.editor });
      return r.code === 0 && r;
    });
    expect(ok.stdout).toContain('configmap/e1 created');
    const elsewhere = await env.kubectl(['create', 'configmap', 'e2', '-n', 'team', '--from-literal=a=b'], { kubeconfig: kc.editor });
    expect(elsewhere.stderr).toContain('configmaps is forbidden: User "editor" cannot create resource "configmaps" in API group "" in the namespace "team"');
    const get = await env.kubectl(['get', 'secrets', '-n', 'default'], { kubeconfig: kc.viewer });
    expect(get.stderr.trim()).toBe('Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "default"');
  });

  it('kubectl auth can-i answers for the token user', async () => {
    await eventually('bindings visible', async () => (await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'default'], { kubeconfig: kc.editor })).code === 0);
    const viewer = await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'default'], { kubeconfig: kc.viewer });
    expect([viewer.code, viewer.stdout.trim()]).toEqual([1, 'no']);
    const viewerList = await env.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'default'], { kubeconfig: kc.viewer });
    expect([viewerList.code, viewerList.stdout.trim()]).toEqual([0, 'yes']);
    const editor = await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'default'], { kubeconfig: kc.editor });
    expect([editor.code, editor.stdout.trim()]).toEqual([0, 'yes']);
    const editorTeam = await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'team'], { kubeconfig: kc.editor });
    expect(editorTeam.stdout.trim()).toBe('no');
    const admin = await env.kubectl(['auth', 'can-i', '*', '*']);
    expect(admin.stdout.trim()).toBe('yes');
    // --as: the admin may impersonate; the answer is the impersonated user's.
    const asViewer = await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'default', '--as', 'viewer']);
    expect([asViewer.code, asViewer.stdout.trim()]).toEqual([1, 'no']);
    const asDev = await env.kubectl(['auth', 'can-i', 'create', 'pods', '-n', 'default', '--as', 'someone', '--as-group', 'devs']);
    expect([asDev.code, asDev.stdout.trim()]).toEqual([0, 'yes']);
    const notAllowed = await env.kubectl(['get', 'pods', '-n', 'default', '--as', 'viewer'], { kubeconfig: kc.editor });
    expect(notAllowed.stderr.trim()).toBe('Error from server (Forbidden): users "viewer" is forbidden: User "editor" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('answers SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview', async () => {
    const viewer = client(kc.viewer).makeApiClient(AuthorizationV1Api);
    const ssar = await viewer.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb: 'delete', resource: 'pods', namespace: 'default' } } } });
    expect(ssar.status).toMatchObject({ allowed: false });
    const sar = client(env.kubeconfigPath).makeApiClient(AuthorizationV1Api);
    const forEditor = await sar.createSubjectAccessReview({ body: { spec: { user: 'editor', groups: ['devs'], resourceAttributes: { verb: 'delete', resource: 'pods', namespace: 'default' } } } });
    expect(forEditor.status?.allowed).toBe(true);
    expect(forEditor.status?.reason).toContain('RoleBinding "devs-edit/default" of ClusterRole "edit"');
    const url = await sar.createSubjectAccessReview({ body: { spec: { user: 'viewer', groups: ['system:authenticated'], nonResourceAttributes: { verb: 'get', path: '/apis/apps' } } } });
    expect(url.status?.allowed).toBe(true);
    const local = await sar.createNamespacedLocalSubjectAccessReview({ namespace: 'team', body: { metadata: { namespace: 'team' }, spec: { user: 'nsadmin', resourceAttributes: { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: 'team' } } } });
    expect(local.status?.allowed).toBe(true);
    const bad = await statusOf(sar.createSubjectAccessReview({ body: { spec: { user: 'x' } } }));
    expect(bad.code).toBe(422);
    expect(bad.message).toContain('exactly one of nonResourceAttributes or resourceAttributes must be specified');
    const rules = await viewer.createSelfSubjectRulesReview({ body: { spec: { namespace: 'default' } } });
    expect(rules.status?.resourceRules.some((r) => r.resources?.includes('pods') && r.verbs.includes('list'))).toBe(true);
    expect(rules.status?.resourceRules.some((r) => r.verbs.includes('create') && r.resources?.includes('pods'))).toBe(false);
  });

  it('prevents escalation through roles and bindings', async () => {
    const rbac = client(kc.nsadmin).makeApiClient(RbacAuthorizationV1Api);
    const role = (name: string, rules: V1Role['rules']): V1Role => ({ metadata: { name, namespace: 'team' }, rules });
    await eventually('nsadmin bound', async () => (await statusOf(rbac.createNamespacedRole({ namespace: 'team', body: role('pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]) }))).code === 0);
    const esc = await statusOf(rbac.createNamespacedRole({ namespace: 'team', body: role('node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]) }));
    expect(esc).toEqual({
      code: 403,
      message: 'roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "nsadmin" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
    });
    const bindAdmin = await statusOf(
      rbac.createNamespacedRoleBinding({ namespace: 'team', body: { metadata: { name: 'me-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'nsadmin', apiGroup: 'rbac.authorization.k8s.io' }] } }),
    );
    expect(bindAdmin.code).toBe(403);
    expect(bindAdmin.message).toContain('rolebindings.rbac.authorization.k8s.io "me-admin" is forbidden: user "nsadmin"');
    const bindView = await statusOf(
      rbac.createNamespacedRoleBinding({ namespace: 'team', body: { metadata: { name: 'viewer-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'viewer', apiGroup: 'rbac.authorization.k8s.io' }] } }),
    );
    expect(bindView.code).toBe(0);
    // With `bind` on cluster-admin (granted by the admin), the same binding goes through.
    const admin = client(env.kubeconfigPath).makeApiClient(RbacAuthorizationV1Api);
    await admin.createNamespacedRole({ namespace: 'team', body: role('binder', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-admin'] }]) });
    await admin.createNamespacedRoleBinding({ namespace: 'team', body: { metadata: { name: 'nsadmin-binder' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'binder' }, subjects: [{ kind: 'User', name: 'nsadmin', apiGroup: 'rbac.authorization.k8s.io' }] } });
    await eventually('bind granted', async () =>
      (await statusOf(rbac.createNamespacedRoleBinding({ namespace: 'team', body: { metadata: { name: 'me-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'nsadmin', apiGroup: 'rbac.authorization.k8s.io' }] } }))).code === 0,
    );
  });

  it('keeps roleRef immutable (422) and validates rules', async () => {
    const r = await env.kubectl(['patch', 'rolebinding', 'viewer-view', '-n', 'default', '--type=merge', '-p', '{"roleRef":{"name":"edit"}}']);
    expect(r.stderr.trim()).toBe(
      'The RoleBinding "viewer-view" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
    const bad = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'bad', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] }) });
    expect(bad.stderr.trim()).toBe('The Role "bad" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
  });

  it('Node authorizer + NodeRestriction: a node reads only what its pods use and writes only itself', async () => {
    const core = client(env.kubeconfigPath).makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'default' } } }).catch(() => undefined);
    for (const name of ['a', 'b']) await core.createNode({ body: { metadata: { name } } });
    for (const name of ['used', 'unused']) await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name }, stringData: { k: 'v' } } });
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'on-a' }, spec: { nodeName: 'a', containers: [{ name: 'c', image: 'busybox', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'used', key: 'k' } } }] }] } },
    });
    const nodeA = client(kc.nodeA).makeApiClient(CoreV1Api);
    await eventually('node a reads the secret its pod uses', async () => (await statusOf(nodeA.readNamespacedSecret({ namespace: 'default', name: 'used' }))).code === 0);
    expect(await statusOf(nodeA.readNamespacedSecret({ namespace: 'default', name: 'unused' }))).toEqual({
      code: 403,
      message: 'secrets "unused" is forbidden: User "system:node:a" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node \'a\' and this object',
    });
    const nodeB = client(kc.nodeB).makeApiClient(CoreV1Api);
    expect((await statusOf(nodeB.readNamespacedSecret({ namespace: 'default', name: 'used' }))).code).toBe(403);
    const kubectlOwn = await env.kubectl(['label', 'node', 'a', 'touched=yes'], { kubeconfig: kc.nodeA });
    expect(kubectlOwn.stdout).toContain('node/a labeled');
    const other = await env.kubectl(['label', 'node', 'b', 'touched=yes'], { kubeconfig: kc.nodeA });
    expect(other.stderr.trim()).toBe('Error from server (Forbidden): nodes "b" is forbidden: User "system:node:a" cannot patch resource "nodes" in API group "" at the cluster scope');
    // NodeRestriction: even where authorization allows it (create), a node may not create another node.
    const create = await statusOf(nodeA.createNode({ body: { metadata: { name: 'c' } } }));
    expect(create).toEqual({ code: 403, message: 'nodes "c" is forbidden: node "a" is not allowed to modify node "c"' });
    const list = await nodeA.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=a' });
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['on-a']);
    expect((await statusOf(nodeB.deleteNamespacedPod({ namespace: 'default', name: 'on-a' }))).code).toBe(403);
  });

  it('CSRs: the server records the requestor; approval through the approval subresource', async () => {
    const { csrPem } = await newKeyAndCSR('system:node:a', ['system:nodes']);
    const certs = client(kc.nodeA).makeApiClient(CertificatesV1Api);
    const created = await certs.createCertificateSigningRequest({
      body: { metadata: { name: 'node-a-csr' }, spec: { request: Buffer.from(csrPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], username: 'someone-else' } },
    });
    expect(created.spec.username).toBe('system:node:a');
    expect(created.spec.groups).toEqual(expect.arrayContaining(['system:nodes', 'system:authenticated']));
    const admin = client(env.kubeconfigPath).makeApiClient(CertificatesV1Api);
    const live = await admin.readCertificateSigningRequest({ name: 'node-a-csr' });
    live.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'approved by test' }] };
    const approved = await admin.replaceCertificateSigningRequestApproval({ name: 'node-a-csr', body: live });
    expect(approved.status?.conditions?.[0]).toMatchObject({ type: 'Approved', status: 'True' });
    expect((await statusOf(certs.replaceCertificateSigningRequestApproval({ name: 'node-a-csr', body: live }))).code).toBe(403);
    // update on certificatesigningrequests/approval is not enough: approving needs `approve` on the signer.
    const rbac = client(env.kubeconfigPath).makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({ body: { metadata: { name: 'csr-updater' }, rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests', 'certificatesigningrequests/approval'], verbs: ['get', 'update'] }] } });
    await rbac.createClusterRoleBinding({ body: { metadata: { name: 'viewer-csr-updater' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'csr-updater' }, subjects: [{ kind: 'User', name: 'viewer', apiGroup: 'rbac.authorization.k8s.io' }] } });
    const { csrPem: other } = await newKeyAndCSR('system:node:a', ['system:nodes']);
    await certs.createCertificateSigningRequest({ body: { metadata: { name: 'node-a-csr-2' }, spec: { request: Buffer.from(other).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['client auth'] } } });
    const viewerCerts = client(kc.viewer).makeApiClient(CertificatesV1Api);
    const second = await admin.readCertificateSigningRequest({ name: 'node-a-csr-2' });
    second.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'approved by viewer' }] };
    const noApprove = await eventually('viewer may update approval', async () => {
      const s = await statusOf(viewerCerts.replaceCertificateSigningRequestApproval({ name: 'node-a-csr-2', body: second }));
      return s.message.includes('not permitted') && s;
    });
    expect(noApprove).toEqual({ code: 403, message: 'certificatesigningrequests.certificates.k8s.io "node-a-csr-2" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client-kubelet"' });
    await rbac.createClusterRole({ body: { metadata: { name: 'kubelet-signer-approver' }, rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'], resourceNames: ['kubernetes.io/*'] }] } });
    await rbac.createClusterRoleBinding({ body: { metadata: { name: 'viewer-approver' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubelet-signer-approver' }, subjects: [{ kind: 'User', name: 'viewer', apiGroup: 'rbac.authorization.k8s.io' }] } });
    await eventually('viewer approves with approve on kubernetes.io/*', async () => (await statusOf(viewerCerts.replaceCertificateSigningRequestApproval({ name: 'node-a-csr-2', body: second }))).code === 0);
    // The status subresource issues the certificate but cannot change the approval.
    const approvedLive = await admin.readCertificateSigningRequest({ name: 'node-a-csr' });
    approvedLive.status = { certificate: Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'), conditions: [{ type: 'Denied', status: 'True', reason: 'Sneaky', message: 'via status' }] };
    const issued = await admin.replaceCertificateSigningRequestStatus({ name: 'node-a-csr', body: approvedLive });
    expect(issued.status?.conditions?.map((c) => c.type)).toEqual(['Approved']);
    const get = await env.kubectl(['get', 'csr']);
    expect(get.stdout).toMatch(/^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION\n/);
    expect(get.stdout).toMatch(/node-a-csr\s+\S+\s+kubernetes.io\/kube-apiserver-client-kubelet\s+system:node:a\s+<none>\s+Approved,Issued\n/);
    expect(get.stdout).toMatch(/node-a-csr-2\s+.*Approved\n/);
  });
});
