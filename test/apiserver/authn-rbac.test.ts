// The request pipeline with a real authorizer (--authorization-mode RBAC) over HTTPS: 403 messages
// worded as kube-apiserver's (through the real kubectl), upgrades (exec) authorized as create on
// pods/exec, access reviews (kubectl auth can-i), and grants taking effect.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import type { KeyPair } from '../../apimachinery/pki/index.js';

function upgrade(env: TestApiServer, path: string, cert: KeyPair): Promise<{ status: number; body: string }> {
  const u = new URL(env.url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: u.hostname,
      port: u.port,
      path,
      ca: env.pki!.ca.certPem,
      cert: cert.certPem,
      key: cert.keyPem,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'v5.channel.k8s.io' },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`authorization in the request pipeline (RBAC)${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let bob: KeyPair;
  let bobKc: string;

  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
    bob = await env.pki!.clientCert('bob', ['team']);
    bobKc = env.pki!.kubeconfig('bob', { cert: bob });
  });
  afterAll(async () => env?.stop());

  it('answers 403 with kube-apiserver\'s message, namespaced and cluster-scoped', async () => {
    const cm = await env.kubectl(['create', 'configmap', 'c1', '--from-literal=a=b'], { kubeconfig: bobKc });
    expect(cm.stderr.trim()).toBe('error: failed to create configmap: configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "default"');
    const nodes = await env.kubectl(['get', 'nodes'], { kubeconfig: bobKc });
    expect(nodes.stderr.trim()).toBe('Error from server (Forbidden): nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope');
    const one = await env.kubectl(['get', 'secret', 's1', '-n', 'kube-system'], { kubeconfig: bobKc });
    expect(one.stderr.trim()).toBe('Error from server (Forbidden): secrets "s1" is forbidden: User "bob" cannot get resource "secrets" in API group "" in the namespace "kube-system"');
  });

  it('authorizes exec upgrades as create on pods/exec', async () => {
    const r = await upgrade(env, '/api/v1/namespaces/default/pods/web/exec?command=sh&stdout=true', bob);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).message).toBe('pods "web" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "default"');
  });

  it('lets the admin (system:masters) do anything, and a RoleBinding grant bob access (kubectl auth can-i)', async () => {
    expect((await env.kubectl(['auth', 'can-i', 'create', 'configmaps'], { kubeconfig: bobKc })).stdout.trim()).toBe('no');
    expect((await env.kubectl(['create', 'role', 'cm-writer', '--verb=create,get,list', '--resource=configmaps'])).code).toBe(0);
    expect((await env.kubectl(['create', 'rolebinding', 'bob-cm', '--role=cm-writer', '--user=bob'])).code).toBe(0);
    await eventually('bob to be allowed to create configmaps', async () => (await env.kubectl(['auth', 'can-i', 'create', 'configmaps'], { kubeconfig: bobKc })).stdout.trim() === 'yes');
    const cm = await env.kubectl(['create', 'configmap', 'c1', '--from-literal=a=b'], { kubeconfig: bobKc });
    expect(cm.stdout.trim()).toBe('configmap/c1 created');
    expect((await env.kubectl(['auth', 'can-i', 'create', 'configmaps', '-n', 'kube-system'], { kubeconfig: bobKc })).stdout.trim()).toBe('no');
  });
});
