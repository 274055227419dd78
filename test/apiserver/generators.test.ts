// Every `kubectl create <generator>` of the real kubectl 1.32 against our API server (HTTPS, RBAC),
// with the stored object checked; `kubectl certificate approve|deny` (a protobuf PUT on
// certificatesigningrequests/approval) with the CSR's conditions checked; `auth can-i|whoami|
// reconcile`; and the clean errors for generators whose resources we do not serve.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCert, newKeyAndCSR } from '../../apimachinery/pki/index.js';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';

type Json = Record<string, unknown> & { metadata: Record<string, unknown> };

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`kubectl create generators and certificate approve/deny${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const ok = async (args: string[], opts: { input?: string; kubeconfig?: string } = {}): Promise<string> => {
    const r = await env.kubectl(args, opts);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  const get = async (resource: string, name: string, ns?: string): Promise<Json> =>
    JSON.parse(await ok(['get', resource, name, '-o', 'json', ...(ns ? ['-n', ns] : [])])) as Json;

  it('create namespace, configmap (text and binary), secret generic', async () => {
    expect(await ok(['create', 'namespace', 'gen'])).toBe('namespace/gen created\n');
    expect((await get('namespace', 'gen')).status).toEqual({ phase: 'Active' });
    // --dry-run=server: the protobuf POST carries dryRun=All; the object comes back, nothing is stored.
    expect(await ok(['create', 'namespace', 'dry', '--dry-run=server', '-o', 'name'])).toBe('namespace/dry\n');
    expect((await env.kubectl(['get', 'namespace', 'dry'])).stderr).toBe('Error from server (NotFound): namespaces "dry" not found\n');

    writeFileSync(join(env.dir, 'blob.bin'), Buffer.from([0xff, 0x00, 0xfe]));
    writeFileSync(join(env.dir, 'a.txt'), 'hello\n');
    expect(await ok(['create', 'configmap', 'cm1', '-n', 'gen', '--from-literal=k=v', `--from-file=${join(env.dir, 'a.txt')}`, `--from-file=bin=${join(env.dir, 'blob.bin')}`])).toBe('configmap/cm1 created\n');
    const cm = await get('configmap', 'cm1', 'gen');
    expect(cm.data).toEqual({ k: 'v', 'a.txt': 'hello\n' });
    expect(cm.binaryData).toEqual({ bin: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') });

    expect(await ok(['create', 'secret', 'generic', 'g1', '-n', 'gen', '--from-literal=user=admin', '--type=example.com/x'])).toBe('secret/g1 created\n');
    const s = await get('secret', 'g1', 'gen');
    expect(s.type).toBe('example.com/x');
    expect(s.data).toEqual({ user: Buffer.from('admin').toString('base64') });
  });

  it('create secret docker-registry and secret tls', async () => {
    expect(await ok(['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example:5000', '--docker-username=u', '--docker-password=p', '--docker-email=u@example.com'])).toBe('secret/reg created\n');
    const reg = await get('secret', 'reg');
    expect(reg.type).toBe('kubernetes.io/dockerconfigjson');
    const cfg = JSON.parse(Buffer.from((reg.data as Record<string, string>)['.dockerconfigjson']!, 'base64').toString()) as { auths: Record<string, { username: string; password: string; auth: string }> };
    expect(cfg.auths['r.example:5000']).toMatchObject({ username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') });

    const pair = await issueCert({ ca: env.pki!.ca, cn: 'web', usage: 'server', sans: ['web.example'] });
    writeFileSync(join(env.dir, 'tls.crt'), pair.certPem);
    writeFileSync(join(env.dir, 'tls.key'), pair.keyPem);
    expect(await ok(['create', 'secret', 'tls', 'web-tls', `--cert=${join(env.dir, 'tls.crt')}`, `--key=${join(env.dir, 'tls.key')}`])).toBe('secret/web-tls created\n');
    const tls = await get('secret', 'web-tls');
    expect(tls.type).toBe('kubernetes.io/tls');
    const data = tls.data as Record<string, string>;
    expect(Buffer.from(data['tls.crt']!, 'base64').toString()).toBe(pair.certPem);
    expect(Buffer.from(data['tls.key']!, 'base64').toString()).toBe(pair.keyPem);
  });

  it('create service clusterip (also headless), nodeport, loadbalancer, externalname', async () => {
    expect(await ok(['create', 'service', 'clusterip', 'svc-c', '--tcp=80:8080'])).toBe('service/svc-c created\n');
    const c = (await get('service', 'svc-c')).spec as Record<string, unknown>;
    expect(c).toMatchObject({ type: 'ClusterIP', selector: { app: 'svc-c' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(c.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    expect(await ok(['create', 'service', 'clusterip', 'svc-h', '--clusterip=None'])).toBe('service/svc-h created\n');
    expect((await get('service', 'svc-h')).spec).toMatchObject({ type: 'ClusterIP', clusterIP: 'None' });

    expect(await ok(['create', 'service', 'nodeport', 'svc-n', '--tcp=80:8080', '--node-port=30080'])).toBe('service/svc-n created\n');
    expect((await get('service', 'svc-n')).spec).toMatchObject({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });

    expect(await ok(['create', 'service', 'loadbalancer', 'svc-lb', '--tcp=443:8443'])).toBe('service/svc-lb created\n');
    const lb = (await get('service', 'svc-lb')).spec as { type: string; ports: { port: number; nodePort: number }[] };
    expect(lb.type).toBe('LoadBalancer');
    expect(lb.ports[0]!.port).toBe(443);
    expect(lb.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);

    expect(await ok(['create', 'service', 'externalname', 'svc-x', '--external-name=db.example.com'])).toBe('service/svc-x created\n');
    const x = (await get('service', 'svc-x')).spec as Record<string, unknown>;
    expect(x).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(x.clusterIP).toBeUndefined();
  });

  it('create deployment', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', '--', 'nginx', '-g', 'daemon off;'])).toBe('deployment.apps/web created\n');
    const d = await get('deployment', 'web');
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec).toMatchObject({
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', command: ['nginx', '-g', 'daemon off;'], ports: [{ containerPort: 80 }] }] } },
    });
  });

  it('create priorityclass', async () => {
    expect(await ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important', '--preemption-policy=Never'])).toBe('priorityclass.scheduling.k8s.io/high created\n');
    const pc = await get('priorityclass', 'high');
    expect(pc).toMatchObject({ value: 1000, description: 'important', preemptionPolicy: 'Never' });
    expect(pc.globalDefault ?? false).toBe(false);
    expect(await ok(['create', 'priorityclass', 'zero', '--value=0'])).toBe('priorityclass.scheduling.k8s.io/zero created\n');
    expect((await get('priorityclass', 'zero')).value).toBe(0);
  });

  it('create role, rolebinding, clusterrole (rules, non-resource URLs, aggregation), clusterrolebinding', async () => {
    expect(await ok(['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,pods/log,deployments.apps', '--resource-name=a'])).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect((await get('role', 'pod-reader')).rules).toEqual([
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['a'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['a'] },
    ]);

    expect(await ok(['create', 'clusterrole', 'lister', '--verb=list', '--resource=pods'])).toBe('clusterrole.rbac.authorization.k8s.io/lister created\n');
    expect((await get('clusterrole', 'lister')).rules).toEqual([{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]);
    expect(await ok(['create', 'clusterrole', 'logs', '--verb=get', '--non-resource-url=/logs/*'])).toBe('clusterrole.rbac.authorization.k8s.io/logs created\n');
    expect((await get('clusterrole', 'logs')).rules).toEqual([{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }]);
    expect(await ok(['create', 'clusterrole', 'agg', '--aggregation-rule=example.com/agg=true'])).toBe('clusterrole.rbac.authorization.k8s.io/agg created\n');
    expect((await get('clusterrole', 'agg')).aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'example.com/agg': 'true' } }] });

    expect(await ok(['create', 'rolebinding', 'alice-lists', '--clusterrole=lister', '--user=alice', '--group=devs', '--serviceaccount=gen:robot'])).toBe('rolebinding.rbac.authorization.k8s.io/alice-lists created\n');
    const rb = await get('rolebinding', 'alice-lists');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'lister' });
    // Kubernetes omits a ServiceAccount subject's empty apiGroup; our defaulting stores it as ""
    // (the resource modules under apiserver/registry/), so empty values are dropped before comparing.
    const subjects = (rb.subjects as Record<string, string>[]).map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== '')));
    expect(subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'gen' },
    ]);
    expect(await ok(['create', 'clusterrolebinding', 'carol-logs', '--clusterrole=logs', '--user=carol'])).toBe('clusterrolebinding.rbac.authorization.k8s.io/carol-logs created\n');
    expect((await get('clusterrolebinding', 'carol-logs')).subjects).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }]);

    // The bindings take effect: alice may list pods in default, not delete them.
    const alice = env.pki!.kubeconfig('alice', { cert: await env.pki!.clientCert('alice') });
    await eventually('alice can list pods', async () => (await env.kubectl(['auth', 'can-i', 'list', 'pods'], { kubeconfig: alice })).stdout.trim() === 'yes');
    const del = await env.kubectl(['auth', 'can-i', 'delete', 'pods'], { kubeconfig: alice });
    expect({ code: del.code, out: del.stdout.trim() }).toEqual({ code: 1, out: 'no' });
    const other = await env.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'gen'], { kubeconfig: alice });
    expect(other.stdout.trim()).toBe('no');
  });

  it('create serviceaccount and token; the token authenticates as the ServiceAccount (auth whoami)', async () => {
    expect(await ok(['create', 'serviceaccount', 'robot', '-n', 'gen'])).toBe('serviceaccount/robot created\n');
    expect((await get('serviceaccount', 'robot', 'gen')).metadata.name).toBe('robot');
    const token = (await ok(['create', 'token', 'robot', '-n', 'gen', '--duration=2h', '--audience=https://kubernetes.default.svc.cluster.local'])).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number; iat: number };
    expect(claims.sub).toBe('system:serviceaccount:gen:robot');
    expect(claims.exp - claims.iat).toBe(7200);
    const kc = env.pki!.kubeconfig('robot', { token });
    const who = await ok(['auth', 'whoami', '-o', 'json'], { kubeconfig: kc });
    const status = (JSON.parse(who) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    expect(status.username).toBe('system:serviceaccount:gen:robot');
    expect(status.groups).toEqual(expect.arrayContaining(['system:serviceaccounts', 'system:serviceaccounts:gen', 'system:authenticated']));
    // The rolebinding above names gen:robot, but only in default.
    await eventually('robot can list pods in default', async () => (await env.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'default'], { kubeconfig: kc })).stdout.trim() === 'yes');
  });

  it('auth whoami and can-i as the admin', async () => {
    const who = await ok(['auth', 'whoami']);
    expect(who).toMatch(/^Username\s+kubernetes-admin$/m);
    expect(who).toMatch(/^Groups\s+\[system:masters system:authenticated\]$/m);
    expect((await ok(['auth', 'can-i', 'create', 'certificatesigningrequests/approval'])).trim()).toBe('yes');
  });

  it('auth reconcile -f creates, then leaves alone, a role and its binding', async () => {
    const rbac = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata: {name: rec-viewer}',
      'rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata: {name: rec-viewer, namespace: gen}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rec-viewer}',
      'subjects: [{kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}]',
      '',
    ].join('\n');
    // reconcile prints what it did on stdout and the details on stderr.
    const reconcile = async (input: string): Promise<string> => {
      const r = await env.kubectl(['auth', 'reconcile', '-f', '-'], { input });
      if (r.code !== 0) throw new Error(`kubectl auth reconcile failed (${r.code}): ${r.stderr}`);
      return r.stdout + r.stderr;
    };
    const first = await reconcile(rbac);
    expect(first).toContain('reconciliation required create');
    expect(first).toContain('clusterrole.rbac.authorization.k8s.io/rec-viewer reconciled');
    expect(first).toContain('rolebinding.rbac.authorization.k8s.io/rec-viewer reconciled');
    expect((await get('clusterrole', 'rec-viewer')).rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    expect((await get('rolebinding', 'rec-viewer', 'gen')).subjects).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dave' }]);
    const widened = rbac.replace('verbs: [get]', 'verbs: [get, list]');
    const second = await reconcile(widened);
    expect(second).toContain('missing rules added');
    expect((await get('clusterrole', 'rec-viewer')).rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] },
    ]);
    const third = await reconcile(widened);
    expect(third).not.toContain('missing');
    expect(third).not.toContain('reconciliation required');
  });

  describe('certificate approve / deny', () => {
    const createCSR = async (name: string): Promise<void> => {
      const { csrPem } = await newKeyAndCSR(`user-${name}`, ['devs']);
      const csr = {
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name },
        spec: { request: Buffer.from(csrPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 3600 },
      };
      expect(await ok(['create', '-f', '-'], { input: JSON.stringify(csr) })).toBe(`certificatesigningrequest.certificates.k8s.io/${name} created\n`);
    };
    const conditions = async (name: string): Promise<Record<string, unknown>[]> =>
      ((await get('csr', name)).status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? [];

    it('approve adds an Approved condition through the approval subresource', async () => {
      await createCSR('csr-a');
      expect(await ok(['certificate', 'approve', 'csr-a'])).toBe('certificatesigningrequest.certificates.k8s.io/csr-a approved\n');
      const conds = await conditions('csr-a');
      expect(conds).toHaveLength(1);
      expect(conds[0]).toMatchObject({ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' });
      expect(conds[0]!.lastUpdateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // The spec sent back with the approval is unchanged (request bytes, expirationSeconds).
      const spec = (await get('csr', 'csr-a')).spec as Record<string, unknown>;
      expect(spec).toMatchObject({ signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], expirationSeconds: 3600, username: 'kubernetes-admin' });
      expect(Buffer.from(spec.request as string, 'base64').toString()).toContain('BEGIN CERTIFICATE REQUEST');
      expect(await ok(['get', 'csr', 'csr-a'])).toMatch(/csr-a\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+kubernetes-admin\s+60m\s+Approved\n/);
      // Approving again changes nothing.
      expect(await ok(['certificate', 'approve', 'csr-a'])).toBe('certificatesigningrequest.certificates.k8s.io/csr-a approved\n');
      expect(await conditions('csr-a')).toEqual(conds);
    });

    it('deny adds a Denied condition; a denied CSR cannot be approved, even with --force', async () => {
      await createCSR('csr-d');
      expect(await ok(['certificate', 'deny', 'csr-d'])).toBe('certificatesigningrequest.certificates.k8s.io/csr-d denied\n');
      const conds = await conditions('csr-d');
      expect(conds).toHaveLength(1);
      expect(conds[0]).toMatchObject({ type: 'Denied', status: 'True', reason: 'KubectlDeny', message: 'This CSR was denied by kubectl certificate deny.' });
      const again = await env.kubectl(['certificate', 'approve', 'csr-d']);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe('error: certificate signing request "csr-d" is already Denied');
      const forced = await env.kubectl(['certificate', 'approve', '--force', 'csr-d']);
      expect(forced.code).toBe(1);
      expect(await conditions('csr-d')).toEqual(conds);
    });

    it('approve of a missing CSR is NotFound', async () => {
      const r = await env.kubectl(['certificate', 'approve', 'nope']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe('Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found');
    });
  });

  describe('a resource type this server does not serve fails cleanly', () => {
    it('get', async () => {
      const r = await env.kubectl(['get', 'widgets']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `error: the server doesn't have a resource type "widgets"\n` });
    });
  });
});
