// Object semantics over HTTP against real etcd: generateName, dryRun, generation, status and scale
// subresources, binding, finalizers, graceful pod deletion, allocation of ClusterIPs and NodePorts
// under concurrency, deletecollection, selectors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';

// Test-local JSON access.
type J = Record<string, any>;

describe.skipIf(!etcdAvailable)(`API object semantics${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const call = async (method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ code: number; body: J }> => {
    const r = await fetch(env.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': type } });
    return { code: r.status, body: (await r.json()) as J };
  };
  const deploy = (name: string, replicas = 1): J => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
  });
  const deployments = '/apis/apps/v1/namespaces/default/deployments';

  it('names objects from generateName and stores nothing on dryRun=All', async () => {
    const g = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'gen-' } });
    expect(g.code).toBe(201);
    expect(g.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { metadata: { name: 'dry' } });
    expect(dry.code).toBe(201);
    expect(dry.body.metadata.uid).toBeTruthy();
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/dry')).code).toBe(404);
  });

  it('bumps generation on spec changes only and keeps status behind its subresource', async () => {
    const c = await call('POST', deployments, deploy('gen'));
    expect(c.body.metadata.generation).toBe(1);
    const labelled = await call('PATCH', `${deployments}/gen`, { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json');
    expect(labelled.body.metadata.generation).toBe(1);
    const spec = await call('PATCH', `${deployments}/gen`, { spec: { replicas: 3 }, status: { replicas: 99 } }, 'application/merge-patch+json');
    expect(spec.body.metadata.generation).toBe(2);
    expect(spec.body.status.replicas).toBeUndefined();
    const st = await call('PATCH', `${deployments}/gen/status`, { status: { replicas: 2, observedGeneration: 2 }, spec: { replicas: 7 } }, 'application/merge-patch+json');
    expect(st.body.status.replicas).toBe(2);
    expect(st.body.spec.replicas).toBe(3);
    expect(st.body.metadata.generation).toBe(2);
  });

  it('serves the scale subresource', async () => {
    await call('POST', deployments, deploy('sc', 2));
    const s = await call('GET', `${deployments}/sc/scale`);
    expect(s.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=sc' } });
    const p = await call('PATCH', `${deployments}/sc/scale`, { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(p.body.spec.replicas).toBe(4);
    expect((await call('GET', `${deployments}/sc`)).body.spec.replicas).toBe(4);
    const bad = await call('PATCH', `${deployments}/sc/scale`, { spec: { replicas: -1 } }, 'application/merge-patch+json');
    expect(bad.code).toBe(422);
  });

  it('binds a pod once and deletes a bound pod gracefully', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    await call('POST', pods, { metadata: { name: 'b1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const bind = await call('POST', `${pods}/b1/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b1' }, target: { kind: 'Node', name: 'n1' } });
    expect(bind.code).toBe(201);
    const again = await call('POST', `${pods}/b1/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b1' }, target: { kind: 'Node', name: 'n2' } });
    expect(again.code).toBe(409);
    const pod = (await call('GET', `${pods}/b1`)).body;
    expect(pod.spec.nodeName).toBe('n1');
    expect(pod.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const onNode = await call('GET', `${pods}?fieldSelector=spec.nodeName%3Dn1`);
    expect(onNode.body.items.map((p: J) => p.metadata.name)).toEqual(['b1']);
    const del = await call('DELETE', `${pods}/b1`);
    expect(del.code).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    expect(del.body.metadata.deletionGracePeriodSeconds).toBe(30);
    const final = await call('DELETE', `${pods}/b1`, { gracePeriodSeconds: 0 });
    expect(final.code).toBe(200);
    expect((await call('GET', `${pods}/b1`)).code).toBe(404);
  });

  it('evicts a pod through pods/eviction', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    await call('POST', pods, { metadata: { name: 'ev1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const ev = await call('POST', `${pods}/ev1/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'ev1', namespace: 'default' }, deleteOptions: {} });
    expect(ev.code).toBe(201);
    expect(ev.body.status).toBe('Success');
    expect((await call('GET', `${pods}/ev1`)).code).toBe(404);
    const wrongKind = await call('POST', `${pods}/ev1/eviction`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ev1' } });
    expect(wrongKind.code).toBe(400);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    const cms = '/api/v1/namespaces/default/configmaps';
    await call('POST', cms, { metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    const d = await call('DELETE', `${cms}/fin`);
    expect(d.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await call('GET', `${cms}/fin`)).code).toBe(200);
    await call('PATCH', `${cms}/fin`, { metadata: { finalizers: null } }, 'application/merge-patch+json');
    expect((await call('GET', `${cms}/fin`)).code).toBe(404);
  });

  it('records foreground and orphan propagation as finalizers for the garbage collector', async () => {
    await call('POST', deployments, deploy('fg'));
    const fg = await call('DELETE', `${deployments}/fg`, { propagationPolicy: 'Foreground' });
    expect(fg.body.metadata.finalizers).toContain('foregroundDeletion');
    await call('POST', deployments, deploy('or'));
    const or = await call('DELETE', `${deployments}/or`, { propagationPolicy: 'Orphan' });
    expect(or.body.metadata.finalizers).toContain('orphan');
  });

  it('allocates unique ClusterIPs and NodePorts under concurrency and frees them on delete', async () => {
    const svcs = '/api/v1/namespaces/default/services';
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', svcs, { metadata: { name: `np-${i}` }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] } })));
    const ips = made.map((m) => m.body.spec.clusterIP);
    const ports = made.map((m) => m.body.spec.ports[0].nodePort);
    expect(new Set(ips).size).toBe(20);
    expect(new Set(ports).size).toBe(20);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(30000);
    const taken = await call('POST', svcs, { metadata: { name: 'dup' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: ports[0] }] } });
    expect(taken.code).toBe(422);
    expect(taken.body.message).toContain('provided port is already allocated');
    const again = await call('POST', svcs, { metadata: { name: 'np-1' }, spec: { type: 'NodePort', clusterIP: ips[1], ports: [{ port: 80, nodePort: ports[1] }] } });
    expect(again.code).toBe(409);
    expect(again.body.reason).toBe('AlreadyExists');
    await call('DELETE', `${svcs}/np-0`);
    const reuse = await call('POST', svcs, { metadata: { name: 'reuse' }, spec: { type: 'NodePort', clusterIP: ips[0], ports: [{ port: 80, nodePort: ports[0] }] } });
    expect(reuse.code).toBe(201);
  });

  it('allocates a healthCheckNodePort for LoadBalancer Services with externalTrafficPolicy Local, and frees it', async () => {
    const svcs = '/api/v1/namespaces/default/services';
    const lb = await call('POST', svcs, { metadata: { name: 'lb-local' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'x' }, ports: [{ port: 80 }] } });
    expect(lb.code).toBe(201);
    const hc = lb.body.spec.healthCheckNodePort as number;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(hc).not.toBe(lb.body.spec.ports[0].nodePort);
    const cluster = await call('POST', svcs, { metadata: { name: 'lb-cluster' }, spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] } });
    expect(cluster.body.spec.healthCheckNodePort).toBeUndefined();
    const taken = await call('POST', svcs, { metadata: { name: 'np-hc' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: hc }] } });
    expect(taken.code).toBe(422);
    // Kept across updates; freed when the policy goes back to Cluster.
    const patched = await call('PATCH', `${svcs}/lb-local`, { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json');
    expect(patched.body.spec.healthCheckNodePort).toBe(hc);
    const back = await call('PATCH', `${svcs}/lb-local`, { spec: { externalTrafficPolicy: 'Cluster', healthCheckNodePort: null } }, 'application/merge-patch+json');
    expect(back.code).toBe(200);
    expect(back.body.spec.healthCheckNodePort).toBeUndefined();
    const reuse = await call('POST', svcs, { metadata: { name: 'np-hc' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: hc }] } });
    expect(reuse.code).toBe(201);
  });

  it('serves the kubernetes Service with Endpoints and an EndpointSlice pointing at the API server', async () => {
    const svc = await call('GET', '/api/v1/namespaces/default/services/kubernetes');
    expect(svc.body.spec.clusterIP).toBe('10.96.0.1');
    const ep = await call('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    const slice = await call('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes');
    expect(slice.code).toBe(200);
    expect(slice.body.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.body.endpoints).toEqual([{ addresses: [ep.body.subsets[0].addresses[0].ip], conditions: { ready: true } }]);
    expect(slice.body.ports).toEqual([{ name: 'https', port: ep.body.subsets[0].ports[0].port, protocol: 'TCP' }]);
  });

  it('reports an invalid Service name once, by the DNS-1035 rule', async () => {
    const r = await call('POST', '/api/v1/namespaces/default/services', { metadata: { name: '1abc' }, spec: { ports: [{ port: 80 }] } });
    expect(r.code).toBe(422);
    const causes = r.body.details.causes.filter((c: J) => c.field === 'metadata.name');
    expect(causes).toHaveLength(1);
    expect(causes[0].message).toContain('DNS-1035 label');
  });

  it('deletes a collection by label selector', async () => {
    const cms = '/api/v1/namespaces/default/configmaps';
    for (const [name, tier] of [['dc-a', 'x'], ['dc-b', 'x'], ['dc-c', 'y']]) await call('POST', cms, { metadata: { name, labels: { tier } } });
    const r = await call('DELETE', `${cms}?labelSelector=tier%3Dx`);
    expect(r.code).toBe(200);
    const left = await call('GET', `${cms}?labelSelector=tier`);
    expect(left.body.items.map((i: J) => i.metadata.name)).toEqual(['dc-c']);
    const bad = await call('GET', `${cms}?labelSelector=tier%20in%20(`);
    expect(bad.code).toBe(400);
  });

  it('rejects objects in a namespace that does not exist or is terminating', async () => {
    const missing = await call('POST', '/api/v1/namespaces/nope/configmaps', { metadata: { name: 'x' } });
    expect(missing.code).toBe(404);
    expect(missing.body.message).toBe('namespaces "nope" not found');
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'going' } });
    const gone = await call('DELETE', '/api/v1/namespaces/going');
    expect(gone.body.status.phase).toBe('Terminating');
    const late = await call('POST', '/api/v1/namespaces/going/configmaps', { metadata: { name: 'x' } });
    expect(late.code).toBe(403);
    expect(late.body.message).toContain('because it is being terminated');
  });
});
