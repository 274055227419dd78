// Authentication end to end: etcd + our API server over HTTPS (a fresh CA), checked with raw HTTPS
// requests, client-node and the real kubectl: anonymous → 401 outside health/version, client
// certificates, static tokens, ServiceAccount tokens (kubectl create token), TokenReview, bootstrap
// tokens, the ServiceAccount admission plugin, and plain HTTP unchanged.
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import type { KeyPair } from '../../apimachinery/pki/index.js';

interface RawResponse {
  status: number;
  body: string;
}

function raw(env: TestApiServer, path: string, o: { token?: string; cert?: KeyPair; headers?: Record<string, string>; method?: string } = {}): Promise<RawResponse> {
  const u = new URL(env.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: o.method ?? 'GET',
        ca: env.pki!.ca.certPem,
        cert: o.cert?.certPem,
        key: o.cert?.keyPem,
        headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const unauthorizedStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function bootstrapSecret(id: string, secret: string, expiration: Date): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'token-id': b64(id),
      'token-secret': b64(secret),
      expiration: b64(expiration.toISOString()),
      'usage-bootstrap-authentication': b64('true'),
      'usage-bootstrap-signing': b64('true'),
      'auth-extra-groups': b64('system:bootstrappers:k8ts:default-node-token'),
    },
  };
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`API server authentication over HTTPS${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-authn-'));
    const tokenFile = join(dir, 'tokens.csv');
    writeFileSync(tokenFile, 's3cr3t-token,alice,uid-alice,"devs,qa"\n');
    env = await startEnvtest({ secure: { apiServer: { tokenAuthFile: tokenFile, enableBootstrapTokenAuth: true } } });
  });

  afterAll(async () => {
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS: anonymous gets 401 on the API but 200 on /healthz, /livez, /readyz and /version', async () => {
    expect(env.url.startsWith('https://')).toBe(true);
    for (const p of ['/api', '/apis', '/api/v1/namespaces/default/pods', '/openapi/v3', '/nonexistent']) {
      const r = await raw(env, p);
      expect({ p, status: r.status }).toEqual({ p, status: 401 });
      expect(JSON.parse(r.body)).toEqual(unauthorizedStatus);
    }
    for (const p of ['/healthz', '/livez', '/readyz', '/version']) expect((await raw(env, p)).status).toBe(200);
    expect(JSON.parse((await raw(env, '/version')).body).major).toBe('1');
  });

  it('authenticates client certificates: CN is the user, O the groups (SelfSubjectReview via client-node and kubectl auth whoami)', async () => {
    const api = env.kubeConfig().makeApiClient(AuthenticationV1Api);
    const me = await api.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(me.status?.userInfo).toEqual({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });

    const bob = await env.pki!.clientCert('bob', ['team-a', 'team-b']);
    const r = await env.kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: env.pki!.kubeconfig('bob', { cert: bob }) });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).status.userInfo).toEqual({ username: 'bob', groups: ['team-a', 'team-b', 'system:authenticated'] });
  });

  it('rejects a client certificate from another CA with 401', async () => {
    const { newCA, issueCert } = await import('../../apimachinery/pki/index.js');
    const other = await newCA(join(dir, 'other-ca'), 'other');
    const mallory = await issueCert({ ca: other, cn: 'mallory', o: ['system:masters'], usage: 'client' });
    const r = await raw(env, '/api/v1/namespaces', { cert: mallory });
    expect(r.status).toBe(401);
  });

  it('authenticates a static token; a wrong token is 401 (kubectl: You must be logged in)', async () => {
    const ok = await env.kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: env.pki!.kubeconfig('alice', { token: 's3cr3t-token' }) });
    expect(JSON.parse(ok.stdout).status.userInfo).toEqual({ username: 'alice', uid: 'uid-alice', groups: ['devs', 'qa', 'system:authenticated'] });
    const bad = await env.kubectl(['get', 'pods'], { kubeconfig: env.pki!.kubeconfig('wrong', { token: 'not-a-token' }) });
    expect(bad.code).not.toBe(0);
    // What kubectl prints against kube-apiserver too: discovery's 401 comes first.
    expect(bad.stderr).toContain('error: You must be logged in to the server (the server has asked for the client to provide credentials)');
    const r = await raw(env, '/api/v1/pods', { token: 'not-a-token' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual(unauthorizedStatus);
    // A bad token is refused even on the public paths, as Kubernetes does.
    expect((await raw(env, '/healthz', { token: 'not-a-token' })).status).toBe(401);
  });

  it('issues ServiceAccount tokens (kubectl create token) that authenticate until the ServiceAccount is deleted; TokenReview answers', async () => {
    // No controller-manager here: make the namespace's default ServiceAccount by hand.
    expect((await env.kubectl(['create', 'serviceaccount', 'default'])).code).toBe(0);
    const created = await env.kubectl(['create', 'token', 'default', '--duration', '1h']);
    expect(created.stderr).toBe('');
    const token = created.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:default:default', aud: ['https://kubernetes.default.svc.cluster.local'] });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);

    const kc = env.pki!.kubeconfig('sa-default', { token });
    const who = await env.kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: kc });
    const info = JSON.parse(who.stdout).status.userInfo;
    expect(info.username).toBe('system:serviceaccount:default:default');
    expect(info.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);

    const auth = env.kubeConfig().makeApiClient(AuthenticationV1Api);
    const review = await auth.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } });
    expect(review.status?.authenticated).toBe(true);
    expect(review.status?.user?.username).toBe('system:serviceaccount:default:default');
    expect(review.status?.audiences).toEqual(['https://kubernetes.default.svc.cluster.local']);
    const bad = await auth.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'nope' } } });
    expect(bad.status?.authenticated).toBeFalsy();
    expect(bad.status?.error).toContain('invalid bearer token');

    expect((await env.kubectl(['delete', 'serviceaccount', 'default'])).code).toBe(0);
    await eventually('the deleted ServiceAccount\'s token to be refused', async () => {
      const r = await env.kubectl(['auth', 'whoami'], { kubeconfig: kc });
      return r.code !== 0 && r.stderr.includes('Unauthorized');
    });
  });

  it('authenticates bootstrap tokens as system:bootstrap:<id>; an expired one is 401', async () => {
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({ namespace: 'kube-system', body: bootstrapSecret('abcdef', '0123456789abcdef', new Date(Date.now() + 3600_000)) });
    await core.createNamespacedSecret({ namespace: 'kube-system', body: bootstrapSecret('oldold', '0123456789abcdef', new Date(Date.now() - 60_000)) });
    const who = await env.kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig: env.pki!.kubeconfig('boot', { token: 'abcdef.0123456789abcdef' }) });
    expect(JSON.parse(who.stdout).status.userInfo).toEqual({
      username: 'system:bootstrap:abcdef',
      groups: ['system:bootstrappers', 'system:bootstrappers:k8ts:default-node-token', 'system:authenticated'],
    });
    expect((await raw(env, '/api/v1/namespaces', { token: 'abcdef.0123456789abcdeX' })).status).toBe(401);
    expect((await raw(env, '/api/v1/namespaces', { token: 'oldold.0123456789abcdef' })).status).toBe(401);
  });

  it('answers exec upgrades without credentials with 401 before reaching the kubelet proxy', async () => {
    const r = await raw(env, '/api/v1/namespaces/default/pods/x/exec?command=sh', { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    expect(r.status).toBe(401);
  });

  it('ServiceAccount admission: rejects a missing ServiceAccount, mounts kube-api-access-* unless automount is off', async () => {
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'sa-test' } } });
    const pod = (name: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'c', image: 'busybox' }], ...extra },
    });
    const missing = await env.kubectl(['create', '-n', 'sa-test', '-f', '-'], { input: JSON.stringify(pod('p0')) });
    expect(missing.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "p0" is forbidden: error looking up service account sa-test/default: serviceaccount "default" not found');

    await core.createNamespacedServiceAccount({ namespace: 'sa-test', body: { metadata: { name: 'default' } } });
    const p1 = await core.createNamespacedPod({ namespace: 'sa-test', body: pod('p1') });
    expect(p1.spec?.serviceAccountName).toBe('default');
    const vol = p1.spec?.volumes?.find((v) => v.name.startsWith('kube-api-access-'));
    expect(vol?.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(vol?.projected?.sources).toEqual([
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ]);
    for (const c of [...(p1.spec?.initContainers ?? []), ...(p1.spec?.containers ?? [])])
      expect(c.volumeMounts).toEqual([{ name: vol!.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);

    const p2 = await core.createNamespacedPod({ namespace: 'sa-test', body: pod('p2', { automountServiceAccountToken: false }) });
    expect(p2.spec?.volumes ?? []).toEqual([]);
    await core.createNamespacedServiceAccount({ namespace: 'sa-test', body: { metadata: { name: 'quiet' }, automountServiceAccountToken: false } });
    const p3 = await core.createNamespacedPod({ namespace: 'sa-test', body: pod('p3', { serviceAccountName: 'quiet' }) });
    expect(p3.spec?.volumes ?? []).toEqual([]);

    // A token bound to the pod: authenticates with the pod's name in extra; stops once the pod is gone.
    const tr = await core.createNamespacedServiceAccountToken({ namespace: 'sa-test', name: 'default', body: { spec: { audiences: [], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: p1.metadata?.uid } } } });
    const bound = tr.status?.token ?? '';
    const auth = env.kubeConfig().makeApiClient(AuthenticationV1Api);
    const rv = await auth.createTokenReview({ body: { spec: { token: bound } } });
    expect(rv.status?.user?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['p1']);
    await core.deleteNamespacedPod({ namespace: 'sa-test', name: 'p1', gracePeriodSeconds: 0 });
    await eventually('the token bound to a deleted pod to be refused', async () => (await raw(env, '/api/v1/namespaces', { token: bound })).status === 401);
  });
});

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`API server over plain HTTP is unchanged${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => env?.stop());

  it('serves without credentials and leaves pod specs alone', async () => {
    expect(env.url.startsWith('http://')).toBe(true);
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    const p = await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'plain' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
    expect(p.spec?.volumes).toBeUndefined();
    expect(p.spec?.containers[0].volumeMounts).toBeUndefined();
    const who = await env.kubectl(['auth', 'whoami', '-o', 'json']);
    expect(JSON.parse(who.stdout).status.userInfo.username).toBe('system:unsecured');
  });
});
