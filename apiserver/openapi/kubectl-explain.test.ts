// Integration: the real kubectl reads our OpenAPI v3 documents. A tiny fastify server serves
// /version, aggregated discovery (/api, /apis) and /openapi/v3; `kubectl explain` must print the
// generated field docs. Skips when kubectl is not installed.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupVersion, resources } from '../registry/resources.js';
import { loadDefinitions } from './definitions.js';
import { OpenApiDocuments } from './documents.js';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const discoveryType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function discovery(core: boolean): unknown {
  const groups = new Map<string, typeof resources>();
  for (const r of resources) {
    if ((r.group === '') !== core) continue;
    groups.set(groupVersion(r), [...(groups.get(groupVersion(r)) ?? []), r]);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups.values()].map((rs) => ({
      metadata: core ? {} : { name: rs[0].group },
      versions: [
        {
          version: rs[0].version,
          freshness: 'Current',
          resources: rs.map((r) => ({
            resource: r.plural,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: r.verbs,
            shortNames: r.shortNames,
          })),
        },
      ],
    })),
  };
}

function kubectl(args: string[], cacheDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      [...args, `--cache-dir=${cacheDir}`],
      { timeout: 60_000, env: { ...process.env, KUBECONFIG: path.join(cacheDir, 'none') } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!hasKubectl())('real kubectl against our OpenAPI v3 (skipped: kubectl not on PATH)', () => {
  let app: FastifyInstance;
  let server = '';
  let cacheDir = '';
  const requested: string[] = [];
  const posts: string[] = [];

  beforeAll(async () => {
    const docs = new OpenApiDocuments(await loadDefinitions());
    cacheDir = mkdtempSync(path.join(tmpdir(), 'k8ts-explain-'));
    app = Fastify();
    app.addHook('onRequest', async (req) => {
      requested.push(req.url);
    });
    app.get('/version', async (_req, reply) =>
      reply.header('Cache-Control', 'no-cache, private').send({ major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' }),
    );
    app.get('/api', async (_req, reply) => reply.type(discoveryType).send(JSON.stringify(discovery(true))));
    app.get('/apis', async (_req, reply) => reply.type(discoveryType).send(JSON.stringify(discovery(false))));
    app.get('/openapi/v3', async () => docs.index());
    app.get('/openapi/v3/*', async (req, reply) => {
      const key = (req.params as { '*': string })['*'];
      const d = docs.get(key);
      if (!d) return reply.code(404).send({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      return reply.type('application/json').send(d.json);
    });
    app.post('/apis/apps/v1/namespaces/:namespace/deployments', async (req, reply) => {
      posts.push(req.url);
      const body = req.body as { metadata?: Record<string, unknown> };
      return reply.code(201).send({ ...body, metadata: { ...body.metadata, namespace: 'default', uid: 'u1' } });
    });
    server = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it('kubectl explain deployment.spec.strategy prints the field description and enum', async () => {
    const r = await kubectl(['explain', 'deployment.spec.strategy', `--server=${server}`], cacheDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/KIND:\s+Deployment/);
    expect(r.stdout).toMatch(/VERSION:\s+v1/);
    expect(r.stdout).toContain('DeploymentStrategy describes how to replace existing pods with new ones.');
    expect(r.stdout).toContain('Rolling update config params.');
    expect(r.stdout).toMatch(/enum: Recreate, RollingUpdate/);
    expect(requested.some((u) => u.startsWith('/openapi/v3/apis/apps/v1?hash='))).toBe(true);
  });

  it('kubectl explain pods.spec.containers prints the container fields', async () => {
    const r = await kubectl(['explain', 'pods.spec.containers', `--server=${server}`], cacheDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FIELD:\s+containers <\[\]Container>/);
    expect(r.stdout).toMatch(/name\s+<string> -required-/);
    expect(r.stdout).toContain('Container image name.');
  });

  it.each([
    ['svc.spec.ports.targetPort', /FIELD:\s+targetPort <IntOrString>/],
    ['deploy.metadata.labels', /FIELD:\s+labels <map\[string\]string>/],
    ['pod.spec.containers.resources.limits', /FIELD:\s+limits <map\[string\]Quantity>/],
    ['ns.metadata.creationTimestamp', /FIELD:\s+creationTimestamp <string>/],
  ])('kubectl explain %s shows the Kubernetes type name', async (what, want) => {
    const r = await kubectl(['explain', what, `--server=${server}`], cacheDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(want);
  });

  it('kubectl create -f validates server-side: it sends fieldValidation=Strict', async () => {
    const file = path.join(cacheDir, 'deploy.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: web, image: nginx}]}',
        '',
      ].join('\n'),
    );
    const r = await kubectl(['create', '-f', file, '-n', 'default', `--server=${server}`], cacheDir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('deployment.apps/web created');
    expect(posts).toHaveLength(1);
    expect(new URL(posts[0], server).searchParams.get('fieldValidation')).toBe('Strict');
  });
});
