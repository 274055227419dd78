// /metrics on the API server with the real kubectl (`kubectl get --raw /metrics`): Kubernetes' core
// series after real traffic, and RBAC as in Kubernetes (the /metrics nonResourceURL, granted by
// system:monitoring to the group of that name).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`API server /metrics${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let monitoring: string;
  let bob: string;
  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'] } } });
    monitoring = env.pki!.kubeconfig('prometheus', { cert: await env.pki!.clientCert('prometheus', ['system:monitoring']) });
    bob = env.pki!.kubeconfig('bob', { cert: await env.pki!.clientCert('bob') });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('serves apiserver_request_total, request and etcd latency, and stored object counts', async () => {
    expect((await env.kubectl(['create', 'configmap', 'm1', '--from-literal=a=b'])).code).toBe(0);
    expect((await env.kubectl(['get', 'configmaps'])).code).toBe(0);
    const r = await env.kubectl(['get', '--raw', '/metrics']);
    expect(r.stderr).toBe('');
    const body = r.stdout;
    expect(body).toMatch(/^apiserver_request_total\{verb="POST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver",code="201"\} 1$/m);
    expect(body).toMatch(/^apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver",code="200"\} \d+$/m);
    expect(body).toMatch(/^apiserver_request_duration_seconds_count\{verb="POST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver"\} 1$/m);
    expect(body).toMatch(/^etcd_request_duration_seconds_count\{operation="create",type="configmaps"\} \d+$/m);
    expect(body).toMatch(/^apiserver_storage_objects\{resource="namespaces"\} 4$/m);
    expect(body).toMatch(/^apiserver_storage_objects\{resource="clusterroles.rbac.authorization.k8s.io"\} \d+$/m);
    expect(body).toMatch(/^apiserver_current_inflight_requests\{request_kind="readOnly"\} 1$/m);
    expect(body).toMatch(/^process_cpu_seconds_total /m);
  });

  it('is the /metrics nonResourceURL: system:monitoring may read it, others are forbidden', async () => {
    const allowed = await env.kubectl(['get', '--raw', '/metrics'], { kubeconfig: monitoring });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('# TYPE apiserver_request_total counter');
    const denied = await env.kubectl(['get', '--raw', '/metrics'], { kubeconfig: bob });
    expect(denied.stderr).toBe('Error from server (Forbidden): forbidden: User "bob" cannot get path "/metrics"\n');
  });
});
