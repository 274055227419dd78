// The real kubectl 1.32 where k8ts used to differ from Kubernetes (issue #21): protected system
// namespaces, creating in a terminating namespace, undecodable bodies and kind mismatches, 404 Statuses,
// the client-side to server-side apply upgrade, /openapi/v2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`real kubectl: what Kubernetes does${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const ok = (args: string[], input?: string): Promise<string> => env.kubectlOk(args, { input });

  it('refuses to delete default, kube-system and kube-public (NamespaceLifecycle), even with --all', async () => {
    const r = await env.kubectl(['delete', 'namespace', 'default']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n');
    await ok(['create', 'namespace', 'scratch']);
    const all = await env.kubectl(['delete', 'namespace', '--all', '--wait=false']);
    expect(all.stderr).toContain('namespaces "kube-system" is forbidden: this namespace may not be deleted');
    expect(all.stderr).toContain('namespaces "kube-public" is forbidden: this namespace may not be deleted');
    expect(all.stdout).toContain('namespace "scratch" deleted');
    const phases = JSON.parse(await ok(['get', 'namespaces', '-o', 'json'])) as { items: { metadata: { name: string }; status: { phase: string } }[] };
    const phase = Object.fromEntries(phases.items.map((n) => [n.metadata.name, n.status.phase]));
    expect(phase).toMatchObject({ default: 'Active', 'kube-system': 'Active', 'kube-public': 'Active', scratch: 'Terminating' });
  });

  it('refuses new content in a terminating namespace with the NamespaceTerminating cause', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['delete', 'namespace', 'doomed', '--wait=false']);
    const r = await env.kubectl(['create', 'configmap', 'late', '-n', 'doomed']);
    expect(r.stderr).toBe('error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated\n');
    const res = await fetch(`${env.url}/apis/apps/v1/namespaces/doomed/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'd' } }) });
    const status = (await res.json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'deployments.apps "d" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      details: { name: 'd', group: 'apps', kind: 'deployments', causes: [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }] },
    });
  });

  it('reports a YAML body sent as JSON and a kind that does not match the URL as Kubernetes does', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    // kubectl create --raw sends the file as it is, without a Content-Type: the server reads JSON.
    const yaml = await env.kubectl(['create', '--raw', '/api/v1/namespaces', '-f', '-'], { input: pod });
    expect(yaml.stderr).toBe(
      'Error from server (BadRequest): the object provided is unrecognized (must be of type Namespace): ' +
        "couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value " +
        `(${Buffer.from(pod).subarray(0, 30).toString('hex')} ...)\n`,
    );
    const json = await env.kubectl(['create', '--raw', '/api/v1/namespaces', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }) });
    expect(json.stderr).toBe('Error from server (BadRequest): Pod in version "v1" cannot be handled as a Namespace: converting (v1.Pod) to (core.Namespace): unknown conversion\n');
    const unknown = await env.kubectl(['create', '--raw', '/apis/apps/v1/namespaces/default/deployments', '-f', '-'], { input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Widget', metadata: { name: 'w' } }) });
    expect(unknown.stderr).toBe('Error from server (BadRequest): Widget in version "v1" cannot be handled as a Deployment: no kind "Widget" is registered for version "apps/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"\n');
  });

  it('kubectl debug adds an ephemeral container through pods/ephemeralcontainers; every 404 is a full Status with details', async () => {
    await ok(['run', 'mypod', '--image=busybox']);
    // No kubelet here: kubectl only adds the container (the e2e on runc runs it, test/kubelet/debug.e2e).
    const r = await env.kubectl(['debug', 'mypod', '--image=busybox', '--attach=false', '-c', 'dbg', '--profile=general'], { timeoutMs: 30_000 });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const pod = JSON.parse(await ok(['get', 'pod', 'mypod', '-o', 'json'])) as { spec: { ephemeralContainers?: { name: string; image: string }[] } };
    expect(pod.spec.ephemeralContainers?.map((c) => [c.name, c.image])).toEqual([['dbg', 'busybox']]);
    // kubectl debug needs a full Status on a 404 (a bare one crashed kubectl 1.32 in debugByEphemeralContainer).
    for (const path of ['/nope', '/api/v1/widgets', '/apis/nope.example.com/v1/things', '/apis/apps/v9', '/apis/apps/v1/namespaces/default/deployments/x/nope', '/api/v1/namespaces/default/pods/mypod/nope']) {
      const res = await fetch(`${env.url}${path}`);
      expect({ path, code: res.status, body: await res.json() }).toEqual({
        path,
        code: 404,
        body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: { causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }] }, code: 404 },
      });
    }
  });

  it('kubectl apply, then apply --server-side (and diff --server-side) of a changed manifest: no conflict, the managers migrated', async () => {
    const manifest = (replicas: number): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: upgrade\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: upgrade}\n  template:\n    metadata:\n      labels: {app: upgrade}\n    spec:\n      containers:\n      - name: c\n        image: busybox\n`;
    expect(await ok(['apply', '-f', '-'], manifest(2))).toBe('deployment.apps/upgrade created\n');
    const diff = await env.kubectl(['diff', '--server-side', '-f', '-'], { input: manifest(3) });
    expect(diff.stderr).not.toContain('conflict');
    expect(diff.code).toBe(1); // 1: differences found
    expect(diff.stdout).toContain('+  replicas: 3');
    expect(await ok(['apply', '--server-side', '-f', '-'], manifest(3))).toBe('deployment.apps/upgrade serverside-applied\n');
    const d = JSON.parse(await ok(['get', 'deployment', 'upgrade', '-o', 'json', '--show-managed-fields'])) as { spec: { replicas: number }; metadata: { managedFields: { manager: string; operation: string }[]; annotations: Record<string, string> } };
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.managedFields.map((e) => `${e.manager}/${e.operation}`).sort()).toEqual(['kubectl-last-applied/Apply', 'kubectl/Apply']);
    expect(JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(3);
    // A client may clear managedFields by sending an empty list.
    await ok(['patch', 'deployment', 'upgrade', '--type=merge', '-p', '{"metadata":{"managedFields":[]}}']);
    const cleared = JSON.parse(await ok(['get', 'deployment', 'upgrade', '-o', 'json', '--show-managed-fields'])) as { metadata: { managedFields?: unknown[] } };
    expect(cleared.metadata.managedFields).toBeUndefined();
  });

  it('serves /openapi/v2 as protobuf to kubectl: explain reads it, apply of an unknown kind says what Kubernetes says', async () => {
    const explain = await ok(['explain', 'deployments.spec.replicas', '--output=plaintext-openapiv2']);
    expect(explain).toContain('FIELD:    replicas <integer>');
    const unknown = await env.kubectl(['apply', '-f', '-'], { input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' });
    expect(unknown.stderr).toBe('error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n');
    const typo = await env.kubectl(['create', '--validate=true', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: "1"\n' });
    expect(typo.stderr).toContain('unknown field "datta"');
    const json = (await (await fetch(`${env.url}/openapi/v2`)).json()) as { swagger: string; definitions: Record<string, unknown> };
    expect(json.swagger).toBe('2.0');
    expect(json.definitions).toHaveProperty(['io.k8s.api.core.v1.Pod']);
  });
});
