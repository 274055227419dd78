// The kubelet server over HTTPS with a client CA: no (or a foreign) client certificate → 401, a
// CA-signed user without nodes/proxy → 403 (asked of a real API server with RBAC through a
// SubjectAccessReview), system:masters and kube-apiserver-kubelet-client → allowed; and the API
// server's kubelet proxy dialling it with its client certificate (--kubelet-client-*).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { issueCert, newCA, type CA, type KeyPair } from '../../apimachinery/pki/index.js';
import { newKubeletProxy } from '../../apiserver/server/kubelet-proxy.js';
import { etcdAvailable, etcdSkipReason, startEnvtest, type TestApiServer } from '../../test/envtest.js';
import { FakeRuntime } from '../runtime/fake/index.js';
import { requestAttributes, sarAuthorizer } from './auth.js';
import { KubeletMetrics } from './metrics.js';
import { KubeletServer } from './server.js';

function get(port: number, path: string, ca: string, cert?: KeyPair): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, ca, ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}), agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('kubelet request attributes', () => {
  it('maps methods to verbs and paths to node subresources as the kubelet does', () => {
    expect(requestAttributes('GET', '/containerLogs/ns/p/c')).toEqual({ verb: 'get', subresource: 'proxy' });
    expect(requestAttributes('POST', '/portForward/ns/p')).toEqual({ verb: 'create', subresource: 'proxy' });
    expect(requestAttributes('GET', '/exec/ns/p/c')).toEqual({ verb: 'get', subresource: 'proxy' });
    expect(requestAttributes('GET', '/stats/summary')).toEqual({ verb: 'get', subresource: 'stats' });
    expect(requestAttributes('GET', '/metrics')).toEqual({ verb: 'get', subresource: 'metrics' });
    expect(requestAttributes('GET', '/logs/syslog')).toEqual({ verb: 'get', subresource: 'log' });
    expect(requestAttributes('GET', '/specs')).toEqual({ verb: 'get', subresource: 'proxy' });
  });
});

describe.skipIf(!etcdAvailable)(`kubelet server TLS and authorization${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;
  let ca: CA;
  let server: KubeletServer;
  let port: number;
  let reviews = 0;

  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
    dir = mkdtempSync(join(tmpdir(), 'k8ts-kubelet-tls-'));
    ca = env.pki!.ca;
    const serving = await issueCert({ ca, cn: 'tls-node', sans: ['127.0.0.1'], usage: 'server' });
    // The kubelet asks with its own identity (system:node:<name>), as a real kubelet does.
    const kc = new KubeConfig();
    kc.loadFromFile(env.pki!.kubeconfig('kubelet-tls-node', { cert: await env.pki!.clientCert('system:node:tls-node', ['system:nodes']) }));
    const real = kc.makeApiClient(AuthorizationV1Api);
    // Counts the SubjectAccessReviews really sent to the API server.
    const api = Object.assign(Object.create(real) as AuthorizationV1Api, {
      createSubjectAccessReview: (...a: Parameters<AuthorizationV1Api['createSubjectAccessReview']>) => { reviews++; return real.createSubjectAccessReview(...a); },
    });
    const sar = sarAuthorizer({ api, nodeName: 'tls-node', log: silentLogger() });
    const runtime = new FakeRuntime({ podCIDR: '10.252.0.0/24' });
    server = new KubeletServer({
      address: '127.0.0.1', port: 0, pods: { find: () => undefined, list: () => [] }, runtime,
      log: silentLogger(), tls: { cert: serving.certPem, key: serving.keyPem, clientCA: ca.certPem },
      authorizer: sar, metrics: new KubeletMetrics(runtime),
    });
    port = await server.listen();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without a client certificate, or with one from another CA', async () => {
    const none = await get(port, '/healthz', ca.certPem);
    expect(none.code).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const other = await newCA(join(dir, 'other'), 'other-ca');
    const stranger = await issueCert({ ca: other, cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' });
    expect((await get(port, '/healthz', ca.certPem, stranger)).code).toBe(401);
    // Upgrades (exec, attach, port-forward) are checked before any protocol starts.
    const upgraded = await new Promise<number>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port, path: '/portForward/default/p', ca: ca.certPem, agent: false,
        headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' } });
      r.on('response', (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      r.on('upgrade', () => resolve(101));
      r.on('error', reject);
      r.end();
    });
    expect(upgraded).toBe(401);
  });

  it('answers 403 to a CA-signed user without nodes/proxy, naming the attributes', async () => {
    const alice = await issueCert({ ca, cn: 'alice', o: ['devs'], usage: 'client' });
    const r = await get(port, '/pods', ca.certPem, alice);
    expect(r.code).toBe(403);
    expect(JSON.parse(r.body).message).toContain('Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)');
  });

  it('guards /metrics as nodes/metrics: 403 for a user without it, the metrics for an admin', async () => {
    const alice = await issueCert({ ca, cn: 'alice', o: ['devs'], usage: 'client' });
    const denied = await get(port, '/metrics', ca.certPem, alice);
    expect(denied.code).toBe(403);
    expect(JSON.parse(denied.body).message).toContain('Forbidden (user=alice, verb=get, resource=nodes, subresource=metrics)');
    const admin = await issueCert({ ca, cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' });
    const r = await get(port, '/metrics', ca.certPem, admin);
    expect(r.code).toBe(200);
    expect(r.body).toContain('kubelet_running_pods 0');
    expect(r.body).toContain('kubelet_running_containers{container_state="running"} 0');
    expect(r.body).toContain('kubelet_pod_start_duration_seconds_count 0');
  });

  it('serves admins and the API server\'s kubelet client, caching the answers briefly', async () => {
    const admin = await issueCert({ ca, cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' });
    const apiClient = await issueCert({ ca, cn: 'kube-apiserver-kubelet-client', o: ['kube-apiserver-kubelet-client'], usage: 'client' });
    expect(await get(port, '/healthz', ca.certPem, admin)).toEqual({ code: 200, body: 'ok' });
    expect((await get(port, '/pods', ca.certPem, apiClient)).code).toBe(200);
    const before = reviews;
    expect((await get(port, '/pods', ca.certPem, apiClient)).code).toBe(200);
    expect(reviews).toBe(before); // answered from the cache: no second SubjectAccessReview
  });

  it('is reached by the API server\'s kubelet proxy with its client certificate', async () => {
    const apiClient = await issueCert({ ca, cn: 'kube-apiserver-kubelet-client', o: ['kube-apiserver-kubelet-client'], usage: 'client' });
    writeFileSync(join(dir, 'client.crt'), apiClient.certPem);
    writeFileSync(join(dir, 'client.key'), apiClient.keyPem);
    writeFileSync(join(dir, 'ca.crt'), ca.certPem);
    const node = { metadata: { name: 'tls-node' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } };
    const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } };
    const front = async (proxy: ReturnType<typeof newKubeletProxy>): Promise<{ code: number; body: string }> => {
      const http: Server = createServer((req, res) => void proxy({ node, pod, subresource: 'log', query: {}, req, res }));
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
      try {
        const res = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/v1/namespaces/default/pods/p/log`);
        return { code: res.status, body: await res.text() };
      } finally {
        http.closeAllConnections();
        await new Promise<void>((r) => http.close(() => r()));
      }
    };
    // Authenticated and authorized: the kubelet's own answer (no such pod on it) comes back.
    const withCert = await front(newKubeletProxy(silentLogger(), { clientCertificate: join(dir, 'client.crt'), clientKey: join(dir, 'client.key'), certificateAuthority: join(dir, 'ca.crt') }));
    expect(withCert.code).toBe(404);
    expect(withCert.body).toContain('pod \\"p\\" not found');
    // Verifying the kubelet with only a CA and no client certificate: the kubelet says 401.
    expect((await front(newKubeletProxy(silentLogger(), { certificateAuthority: join(dir, 'ca.crt') }))).code).toBe(401);
  });
});
