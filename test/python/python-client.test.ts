// The Python `kubernetes` client (Debian's python3-kubernetes) against our API server on real etcd:
// VersionApi, create/list/patch/scale/delete across core and apps, and watches (the client sends
// watch=True) including one resumed from a resourceVersion, discovery, and the groups served since issue 13
// (batch, policy, networking, storage, autoscaling/v1, more of core and apps). Not covered: the dynamic
// client on a CRD (CRDs are stored but not yet served as new resources: issue 14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { pythonClientAvailable, pythonSkipReason, runPython } from './run.js';

describe.skipIf(!etcdAvailable || !pythonClientAvailable)(`the Python kubernetes client${etcdSkipReason}${pythonSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    for (const name of ['py-watch', 'py-crud', 'py-groups']) {
      const r = await fetch(`${env.url}/api/v1/namespaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name } }) });
      if (r.status !== 201) throw new Error(`creating namespace ${name}: ${r.status} ${await r.text()}`);
    }
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('VersionApi().get_code() reads /version/', async () => {
    const v = await runPython<{ gitVersion: string; major: string; minor: string }>('version.py', env.kubeconfigPath);
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(v.major).toBe('1');
  });

  it('watch.Watch().stream() streams events, and resumes from a resourceVersion', async () => {
    const r = await runPython<{ events: string[][]; resumed: (string | null)[][] }>('watch.py', env.kubeconfigPath, ['py-watch']);
    expect(r.events).toEqual([['ADDED', 'after']]);
    expect(r.resumed).toEqual([
      ['MODIFIED', 'after', 'changed'],
      ['DELETED', 'after', 'changed'],
    ]);
  });

  it('creates, lists, patches (strategic merge and JSON patch), scales and deletes across core and apps', async () => {
    const r = await runPython<Record<string, unknown>>('crud.py', env.kubeconfigPath, ['py-crud']);
    expect(r).toEqual({
      serviceClusterIP: true,
      serviceTargetPort: 8080,
      listed: ['web'],
      allNamespaces: true,
      image: 'nginx:1.27',
      labels: { app: 'web', tier: 'front' },
      generation: 2,
      scaled: 3,
      gone: true,
    });
  });

  it('creates, watches, patches and deletes across batch, apps, policy, networking, storage, autoscaling/v1 and core', async () => {
    const r = await runPython<Record<string, unknown>>('groups.py', env.kubeconfigPath, ['py-groups']);
    expect(r).toEqual({
      jobWatch: [['ADDED', 'pi']],
      jobDefaults: [6, 1, 1, 'NonIndexed'],
      jobSelector: ['batch.kubernetes.io/controller-uid'],
      jobParallelism: 2,
      cronJob: ['*/5 * * * *', true, 'Allow', 3, 1],
      badSchedule: 422,
      statefulSet: [3, 'OrderedReady', 'RollingUpdate'],
      daemonSets: ['agent'],
      pdb: 1,
      ingressHosts: ['web.example'],
      policyTypes: ['Ingress'],
      storageClass: ['Delete', 'Immediate'],
      hpa: [1, 5, 60],
      pvc: ['Filesystem', 'Pending'],
      quota: { pods: '10' },
      left: 0,
    });
  });

  it('reads discovery: storageVersionHash as Kubernetes computes it, and the group list', async () => {
    const r = await runPython<Record<string, unknown>>('discovery.py', env.kubeconfigPath);
    expect(r).toEqual({ pods: 'xPOwRZ+Yhw8=', podsStatus: null, deployments: '8aSe+NMegvE=', hasApps: true });
  });
});
