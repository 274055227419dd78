// The Python `kubernetes` client (Debian's python3-kubernetes) against our API server on real etcd:
// VersionApi, create/list/patch/scale/delete across core and apps, and watches (the client sends
// watch=True) including one resumed from a resourceVersion, discovery. Not covered: the dynamic client on a
// CRD (k8ts has no CustomResourceDefinitions yet).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { pythonClientAvailable, pythonSkipReason, runPython } from './run.js';

describe.skipIf(!etcdAvailable || !pythonClientAvailable)(`the Python kubernetes client${etcdSkipReason}${pythonSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    for (const name of ['py-watch', 'py-crud']) {
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

  it('reads discovery: storageVersionHash as Kubernetes computes it, and the group list', async () => {
    const r = await runPython<Record<string, unknown>>('discovery.py', env.kubeconfigPath);
    expect(r).toEqual({ pods: 'xPOwRZ+Yhw8=', podsStatus: null, deployments: '8aSe+NMegvE=', hasApps: true });
  });
});
