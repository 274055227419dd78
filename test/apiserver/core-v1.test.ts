// The core/v1 kinds of issue 13 that are not plain stored objects, over HTTP against real etcd:
// Bindings (create-only, served through pods/binding), ComponentStatuses (computed on each request)
// the ReplicationController scale subresource, the PersistentVolumeClaim update rule, and kubectl's
// protobuf quota generator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, type TestApiServer } from '../envtest.js';

// Test-local JSON access.
type J = Record<string, any>;

describe.skipIf(!etcdAvailable)(`core/v1 bindings, componentstatuses, replicationcontrollers/scale${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ code: number; body: J }> => {
    const r = await fetch(env.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
    return { code: r.status, body: (await r.json()) as J };
  };
  const pods = '/api/v1/namespaces/default/pods';
  const bindings = '/api/v1/namespaces/default/bindings';

  it('binds a pod through POST bindings as pods/binding does, once', async () => {
    expect((await call('POST', pods, { metadata: { name: 'bp' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } })).code).toBe(201);
    const bind = await call('POST', bindings, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bp' }, target: { kind: 'Node', name: 'n1' } });
    expect(bind).toEqual({ code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } });
    const pod = await call('GET', `${pods}/bp`);
    expect(pod.body.spec.nodeName).toBe('n1');
    expect(pod.body.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = await call('POST', bindings, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bp' }, target: { kind: 'Node', name: 'n2' } });
    expect(again.code).toBe(409);
    expect(again.body.message).toBe('Operation cannot be fulfilled on pods "bp": pod bp is already assigned to node "n1"');
    const missing = await call('POST', bindings, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'nope' }, target: { name: 'n1' } });
    expect(missing.body.message).toBe('pods "nope" not found');
    const unnamed = await call('POST', bindings, { apiVersion: 'v1', kind: 'Binding', target: { name: 'n1' } });
    expect(unnamed.code).toBe(422);
    expect((await call('GET', bindings)).code).toBe(405);
  });

  it('computes componentstatuses on each request: etcd from the storage, the components from their /healthz', async () => {
    const list = await call('GET', '/api/v1/componentstatuses');
    expect(list.code).toBe(200);
    expect(list.body.kind).toBe('ComponentStatusList');
    expect(list.body.items.map((i: J) => i.metadata.name)).toEqual(['controller-manager', 'etcd-0', 'scheduler']);
    const etcd = await call('GET', '/api/v1/componentstatuses/etcd-0');
    expect(etcd.body).toEqual({ apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] });
    expect((await call('GET', '/api/v1/componentstatuses/nope')).code).toBe(404);
    expect((await call('DELETE', '/api/v1/componentstatuses/etcd-0')).code).toBe(405);
    const warned = await fetch(`${env.url}/api/v1/componentstatuses`);
    expect(warned.headers.get('warning')).toBe('299 - "v1 ComponentStatus is deprecated in v1.19+"');
    const table = await call('GET', '/api/v1/componentstatuses?fieldSelector=metadata.name%3Detcd-0', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(table.body.columnDefinitions.map((c: J) => c.name)).toEqual(['Name', 'Status', 'Message', 'Error']);
    expect(table.body.rows.map((r: J) => r.cells)).toEqual([['etcd-0', 'Healthy', 'ok', '']]);
  });

  it('lets a bound claim grow but not below its capacity, and freezes a pending claim', async () => {
    const pvcs = '/api/v1/namespaces/default/persistentvolumeclaims';
    const claim = { metadata: { name: 'grow' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect((await call('POST', pvcs, claim)).code).toBe(201);
    const merge = { 'content-type': 'application/merge-patch+json' };
    const frozen = await call('PATCH', `${pvcs}/grow`, { spec: { resources: { requests: { storage: '2Gi' } } } }, merge);
    expect(frozen.body.message).toBe('PersistentVolumeClaim "grow" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests for bound claims');
    const bound = await call('PATCH', `${pvcs}/grow/status`, { status: { phase: 'Bound', capacity: { storage: '2Gi' } } }, merge);
    expect(bound.code).toBe(200);
    expect((await call('PATCH', `${pvcs}/grow`, { spec: { resources: { requests: { storage: '3Gi' } } } }, merge)).code).toBe(200);
    const shrink = await call('PATCH', `${pvcs}/grow`, { spec: { resources: { requests: { storage: '1Gi' } } } }, merge);
    expect(shrink.body.message).toBe('PersistentVolumeClaim "grow" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
  });

  it.skipIf(!kubectlAvailable)('takes kubectl create quota (a protobuf body) and explains the new kinds', async () => {
    expect(await env.kubectlOk(['create', 'quota', 'best', '--hard=pods=2', '--scopes=BestEffort'])).toBe('resourcequota/best created\n');
    const q = await call('GET', '/api/v1/namespaces/default/resourcequotas/best');
    expect(q.body.spec).toEqual({ hard: { pods: '2' }, scopes: ['BestEffort'] });
    const refused = await env.kubectl(['create', 'quota', 'cpu', '--hard=requests.cpu=1', '--scopes=BestEffort']);
    expect(refused.stderr).toBe('error: failed to create quota: ResourceQuota "cpu" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource\n');
    expect(await env.kubectlOk(['explain', 'pvc.spec.volumeMode'])).toContain('volumeMode defines what type of volume is required by the claim.');
    expect(await env.kubectlOk(['explain', 'rc.spec.selector'])).toContain('Selector is a label query over pods that should match the Replicas count.');
    const cs = await env.kubectl(['get', 'cs', 'etcd-0']);
    expect(cs.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    expect(cs.stdout).toBe('NAME     STATUS    MESSAGE   ERROR\netcd-0   Healthy   ok        \n');
  });

  it.skipIf(!kubectlAvailable)('lists the core group as Kubernetes 1.32 does in kubectl api-resources', async () => {
    expect(await env.kubectlOk(['api-resources', '--api-group='])).toBe(
      [
        'NAME                     SHORTNAMES   APIVERSION   NAMESPACED   KIND',
        'bindings                              v1           true         Binding',
        'componentstatuses        cs           v1           false        ComponentStatus',
        'configmaps               cm           v1           true         ConfigMap',
        'endpoints                ep           v1           true         Endpoints',
        'events                   ev           v1           true         Event',
        'limitranges              limits       v1           true         LimitRange',
        'namespaces               ns           v1           false        Namespace',
        'nodes                    no           v1           false        Node',
        'persistentvolumeclaims   pvc          v1           true         PersistentVolumeClaim',
        'persistentvolumes        pv           v1           false        PersistentVolume',
        'pods                     po           v1           true         Pod',
        'podtemplates                          v1           true         PodTemplate',
        'replicationcontrollers   rc           v1           true         ReplicationController',
        'resourcequotas           quota        v1           true         ResourceQuota',
        'secrets                               v1           true         Secret',
        'serviceaccounts          sa           v1           true         ServiceAccount',
        'services                 svc          v1           true         Service',
        '',
      ].join('\n'),
    );
    const v1 = (await call('GET', '/api/v1')).body.resources as J[];
    const verbs = (name: string) => v1.find((r) => r.name === name)?.verbs;
    expect(verbs('bindings')).toEqual(['create']);
    expect(verbs('componentstatuses')).toEqual(['get', 'list']);
    expect(verbs('replicationcontrollers/scale')).toEqual(['get', 'patch', 'update']);
    expect(v1.find((r) => r.name === 'replicationcontrollers')?.categories).toEqual(['all']);
  });

  it('scales a ReplicationController through an autoscaling/v1 Scale', async () => {
    const rcs = '/api/v1/namespaces/default/replicationcontrollers';
    const rc = await call('POST', rcs, { metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    expect(rc.code).toBe(201);
    expect(rc.body.spec).toMatchObject({ replicas: 1, selector: { app: 'web' } });
    expect(rc.body.metadata).toMatchObject({ labels: { app: 'web' }, generation: 1 });
    const scale = await call('GET', `${rcs}/web/scale`);
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=web' } });
    // Strategic merge: the template's containers merge by name.
    const smp = await call('PATCH', `${rcs}/web`, { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } }, { 'content-type': 'application/strategic-merge-patch+json' });
    expect(smp.body.spec.template.spec.containers.map((c: J) => c.name)).toEqual(['sidecar', 'c']);
    const patched = await call('PATCH', `${rcs}/web/scale`, { spec: { replicas: 3 } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.body.spec.replicas).toBe(3);
    expect((await call('GET', `${rcs}/web`)).body).toMatchObject({ spec: { replicas: 3 }, metadata: { generation: 3 } });
  });
});
