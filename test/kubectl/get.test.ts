// Golden: `get` with the real kubectl and with ours on the same cluster state — tables (plain, wide,
// -A, several types, label/field selectors), -o yaml|json|name, empty results and NotFound errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { both, ours } from './golden.js';

const FIXTURES = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: "nginx:1.25", ports: [{containerPort: 80}]}
      - {name: sidecar, image: busybox}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: lonely-pod-with-a-long-name, labels: {app: web, tier: front}}
spec:
  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p2, labels: {app: db}}
spec:
  nodeName: node-a
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: two, annotations: {note: x}}
spec:
  nodeName: node-a
  containers: [{name: first, image: busybox}, {name: second, image: busybox}]
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: other}
data: {a: "1", b: "yes", long: "x<y & z"}
---
apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {kubernetes.io/hostname: node-a}}
`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`get: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    const r = await env.kubectl(['apply', '-f', '-'], { input: FIXTURES });
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['pods', ['get', 'pods']],
    ['pods wide', ['get', 'pods', '-o', 'wide']],
    ['deployments', ['get', 'deploy']],
    ['deployments wide', ['get', 'deployments.apps', '-o', 'wide']],
    ['services', ['get', 'svc']],
    ['services wide', ['get', 'service', '-o', 'wide']],
    ['nodes', ['get', 'nodes']],
    ['nodes wide', ['get', 'no', '-o', 'wide']],
    ['all namespaces', ['get', 'cm', '-A']],
    ['several types', ['get', 'deploy,svc,po']],
    ['type/name', ['get', 'deploy/web', 'svc/web']],
    ['one by name', ['get', 'pod', 'p2']],
    ['label selector', ['get', 'pods', '-l', 'app=web']],
    ['field selector', ['get', 'pods', '--field-selector', 'spec.nodeName=node-a']],
    ['show labels', ['get', 'pods', '--show-labels']],
    ['-n', ['get', 'configmaps', '-n', 'other']],
    ['kind name', ['get', 'Pod']],
    ['cluster-scoped with -A', ['get', 'nodes', '-A']],
    ['mixed scopes with -A', ['get', 'deploy,nodes', '-A', '-o', 'wide']],
    ['category all', ['get', 'all']],
    ['category all -A', ['get', 'all', '-A']],
    ['yaml one', ['get', 'deploy', 'web', '-o', 'yaml']],
    ['yaml list', ['get', 'cm', '-n', 'other', '-o', 'yaml']],
    ['json one', ['get', 'svc', 'web', '-o', 'json']],
    ['json list', ['get', 'pods', '-o', 'json']],
    ['managed fields', ['get', 'pod', 'p2', '-o', 'json', '--show-managed-fields']],
    ['name', ['get', 'deploy,pods', '-o', 'name']],
    ['empty', ['get', 'pods', '-l', 'app=none']],
    ['empty yaml', ['get', 'pods', '-l', 'app=none', '-o', 'yaml']],
    ['empty name', ['get', 'pods', '-l', 'app=none', '-o', 'name']],
    ['empty cluster-scoped', ['get', 'nodes', '-l', 'x=y']],
    ['empty all namespaces', ['get', 'pods', '-A', '-l', 'app=none']],
    ['not found', ['get', 'deploy', 'nope']],
    ['not found among found', ['get', 'pods', 'p2', 'nope']],
    ['unknown type', ['get', 'foos']],
    ['api-resources', ['api-resources']],
    ['api-resources namespaced', ['api-resources', '--namespaced=false', '--api-group=']],
    ['api-resources -o name', ['api-resources', '-o', 'name']],
    ['logs of a missing pod', ['logs', 'nope']],
    ['logs of a pod without a kubelet', ['logs', 'p2']],
    ['logs default container', ['logs', 'pod/two', '--tail=5']],
    ['logs named container', ['logs', 'two', '-c', 'second']],
    ['unknown flag', ['get', 'pods', '--bogus']],
  ])('%s', async (_name, args) => {
    const { theirs, mine } = await both(env, args);
    expect(mine.stdout).toBe(theirs.stdout);
    expect(mine.stderr).toBe(theirs.stderr);
    expect(mine.code).toBe(theirs.code);
  });

  it('version reports the server like kubectl', async () => {
    const server = (out: string): string | undefined => /^Server Version: .*$/m.exec(out)?.[0];
    const theirs = await env.kubectl(['version']);
    const mine = await ours(env, ['version']);
    expect(server(mine.stdout)).toBeDefined();
    expect(server(mine.stdout)).toBe(server(theirs.stdout));
    expect(mine.code).toBe(0);
  });

  it('caches discovery like kubectl and asks the server again for a type the cache lacks', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    await ours(env, ['get', 'pods']);
    const file = join(env.dir, '.kube', 'cache', 'k8ts-discovery', `127.0.0.1_${new URL(env.url).port}.json`);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { time: number; resources: { resource: string }[] };
    expect(cached.resources.some((r) => r.resource === 'configmaps')).toBe(true);
    // a stale cache from before configmaps existed
    writeFileSync(file, JSON.stringify({ time: cached.time, resources: cached.resources.filter((r) => r.resource !== 'configmaps') }));
    const { theirs, mine } = await both(env, ['get', 'cm', '-n', 'other']);
    expect(mine).toEqual(theirs);
    expect((JSON.parse(readFileSync(file, 'utf8')) as typeof cached).resources.some((r) => r.resource === 'configmaps')).toBe(true);
  });

  it('uses --context and KUBECONFIG with several files', async () => {
    const r = await ours(env, ['--context', 'missing', 'get', 'pods']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: context "missing" does not exist\n' });
  });
});
