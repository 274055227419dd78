// The real thing: kubectl 1.32 POSTs protobuf bodies to a stub server on 127.0.0.1; we decode
// them and check they equal what kubectl itself prints for `--dry-run=client -o json` (the JSON
// a JSON client would send), plus explicit field checks.

import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { decodeProtobufBody, isProtobuf } from './index.js';

const run = promisify(execFile);

function findOnPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

const kubectl = findOnPath('kubectl');
if (!kubectl) console.warn('skipping real-kubectl protobuf tests: kubectl is not on the PATH');

interface Recorded {
  method: string;
  url: string;
  contentType: string;
  object?: Record<string, unknown>;
}

/** Drops null, empty objects and empty arrays: the parts Go's JSON keeps but carry nothing. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p === null || p === undefined) continue;
      if (typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      if (Array.isArray(p) && p.length === 0) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

/** What the stub adds to a created object, so kubectl has something to print. */
function respondTo(object: Record<string, unknown>): Record<string, unknown> {
  switch (object.kind) {
    case 'SelfSubjectAccessReview':
      return { ...object, status: { allowed: true } };
    case 'SelfSubjectReview':
      return { ...object, status: { userInfo: { username: 'alice', groups: ['devs', 'system:authenticated'] } } };
    case 'TokenRequest':
      return { ...object, status: { token: 'tok-123', expirationTimestamp: '2030-01-01T00:00:00Z' } };
    default:
      return object;
  }
}

const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['create', 'get', 'list'] }],
  },
};

describe.skipIf(!kubectl)('real kubectl 1.32 protobuf request bodies', () => {
  let server: http.Server;
  let base = '';
  let dir = '';
  const recorded: Recorded[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'k8ts-pb-'));
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', contentType };
        recorded.push(rec);
        const send = (code: number, obj: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
          res.end(JSON.stringify(obj));
        };
        if (rec.url.startsWith('/version')) {
          send(200, { major: '1', minor: '32', gitVersion: 'v1.32.4' }, { 'Cache-Control': 'no-cache, private' });
          return;
        }
        // Just enough discovery for `--resource=pods` (create role/clusterrole).
        const discovery = DISCOVERY[rec.url.split('?')[0]!];
        if (rec.method === 'GET' && discovery) {
          send(200, discovery);
          return;
        }
        if (rec.method === 'POST' && isProtobuf(contentType)) {
          try {
            rec.object = decodeProtobufBody(body).object;
            send(201, respondTo(rec.object));
          } catch (e) {
            send(400, e instanceof ApiError ? e.toStatus() : { message: String(e) });
          }
          return;
        }
        send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(path.join(dir, 'kubeconfig'), '');
    await writeFile(path.join(dir, 'f.txt'), 'hello\n');
    await writeFile(path.join(dir, 'blob.bin'), Buffer.from([0xff, 0x00, 0xfe, 0x80]));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  async function kc(args: string[]): Promise<string> {
    const { stdout } = await run(kubectl!, [`--server=${base}`, ...args], {
      cwd: dir,
      timeout: 30_000,
      env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig'), KUBECACHEDIR: path.join(dir, 'cache') },
    });
    return stdout;
  }

  /** Runs a create command for real and returns the decoded body it POSTed. */
  async function created(args: string[]): Promise<{ rec: Recorded; stdout: string }> {
    const before = recorded.length;
    const stdout = await kc(args);
    const posts = recorded.slice(before).filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(isProtobuf(posts[0]!.contentType)).toBe(true);
    expect(posts[0]!.object).toBeDefined();
    return { rec: posts[0]!, stdout };
  }

  /** kubectl's own JSON for the object; status is left out (server-owned, ignored on create). */
  async function dryRunJson(args: string[]): Promise<unknown> {
    const dash = args.includes('--') ? args.indexOf('--') : args.length;
    const flags = ['--dry-run=client', '-o', 'json'];
    const obj = JSON.parse(await kc([...args.slice(0, dash), ...flags, ...args.slice(dash)])) as Record<string, unknown>;
    delete obj.status;
    return obj;
  }

  const cases: { name: string; args: string[]; path: string }[] = [
    { name: 'namespace', args: ['create', 'namespace', 'team-a'], path: '/api/v1/namespaces' },
    {
      name: 'configmap',
      args: ['create', 'configmap', 'c', '--from-literal=a=b', '--from-file=f.txt', '--from-file=bin=blob.bin'],
      path: '/api/v1/namespaces/default/configmaps',
    },
    {
      name: 'secret',
      args: ['create', 'secret', 'generic', 's', '--from-literal=k=v', '--from-file=f.txt'],
      path: '/api/v1/namespaces/default/secrets',
    },
    {
      name: 'deployment',
      args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80'],
      path: '/apis/apps/v1/namespaces/default/deployments',
    },
    {
      name: 'service clusterip',
      args: ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'],
      path: '/api/v1/namespaces/default/services',
    },
    {
      name: 'service nodeport',
      args: ['create', 'service', 'nodeport', 'svc2', '--tcp=5678:8080', '--node-port=30080'],
      path: '/api/v1/namespaces/default/services',
    },
    {
      name: 'service loadbalancer',
      args: ['create', 'service', 'loadbalancer', 'svc3', '--tcp=443:https'],
      path: '/api/v1/namespaces/default/services',
    },
    { name: 'serviceaccount', args: ['create', 'serviceaccount', 'sa1'], path: '/api/v1/namespaces/default/serviceaccounts' },
    {
      name: 'secret docker-registry',
      args: ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example', '--docker-username=u', '--docker-password=p'],
      path: '/api/v1/namespaces/default/secrets',
    },
    {
      name: 'clusterrole',
      args: ['create', 'clusterrole', 'cr', '--verb=get', '--resource=pods', '--non-resource-url=/healthz'],
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    },
    {
      name: 'role',
      args: ['create', 'role', 'r', '--verb=get', '--verb=watch', '--resource=pods', '--resource-name=p1'],
      path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    },
    {
      name: 'clusterrole (aggregated)',
      args: ['create', 'clusterrole', 'agg', '--aggregation-rule=a=b'],
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    },
    {
      name: 'rolebinding',
      args: ['create', 'rolebinding', 'rb', '--role=r', '--user=u', '--group=g', '--serviceaccount=default:sa1'],
      path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    },
    {
      name: 'clusterrolebinding',
      args: ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--group=g'],
      path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    },
    {
      name: 'job',
      args: ['create', 'job', 'j', '--image=busybox', '--', 'sh', '-c', 'echo hi'],
      path: '/apis/batch/v1/namespaces/default/jobs',
    },
    {
      name: 'cronjob',
      args: ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date'],
      path: '/apis/batch/v1/namespaces/default/cronjobs',
    },
    {
      name: 'priorityclass',
      args: ['create', 'priorityclass', 'pc', '--value=1000', '--description=high', '--preemption-policy=Never'],
      path: '/apis/scheduling.k8s.io/v1/priorityclasses',
    },
    {
      name: 'poddisruptionbudget',
      args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%'],
      path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    },
    {
      name: 'quota',
      args: ['create', 'quota', 'q', '--hard=pods=3,requests.cpu=500m', '--scopes=NotTerminating'],
      path: '/api/v1/namespaces/default/resourcequotas',
    },
    {
      name: 'ingress',
      args: [
        'create', 'ingress', 'ing', '--class=nginx', '--rule=foo.com/bar*=svc:8080,tls=my-cert',
        '--default-backend=defsvc:http', '--annotation=a=b',
      ],
      path: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    },
  ];

  it.each(cases)('create $name: decoded body equals kubectl’s own JSON', async ({ args, path: urlPath }) => {
    const want = prune(await dryRunJson(args));
    const { rec } = await created(args);
    expect(rec.url.split('?')[0]).toBe(urlPath);
    expect(rec.object).toEqual(want);
  });

  it('create deployment: the fields a JSON client would send', async () => {
    const { rec } = await created(['create', 'deployment', 'web2', '--image=nginx:1.27', '--replicas=3', '--port=80']);
    const o = rec.object as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; labels: Record<string, string> };
      spec: {
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: { containers: unknown[] } };
      };
    };
    expect(o.apiVersion).toBe('apps/v1');
    expect(o.kind).toBe('Deployment');
    expect(o.metadata).toEqual({ name: 'web2', labels: { app: 'web2' } });
    expect(o.spec.replicas).toBe(3);
    expect(o.spec.selector).toEqual({ matchLabels: { app: 'web2' } });
    expect(o.spec.template.metadata.labels).toEqual({ app: 'web2' });
    expect(o.spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }]);
  });

  it('create deployment --replicas=0 keeps replicas: 0 (a pointer)', async () => {
    const { rec } = await created(['create', 'deployment', 'idle', '--image=busybox', '--replicas=0']);
    expect((rec.object as { spec: { replicas?: number } }).spec.replicas).toBe(0);
  });

  it('create configmap: text in data, binary in binaryData (base64)', async () => {
    const { rec } = await created(['create', 'configmap', 'c2', '--from-literal=a=b', '--from-file=bin=blob.bin']);
    expect(rec.object).toMatchObject({ data: { a: 'b' }, binaryData: { bin: Buffer.from([0xff, 0, 0xfe, 0x80]).toString('base64') } });
  });

  it('create secret generic: data values are base64', async () => {
    const { rec } = await created(['create', 'secret', 'generic', 's2', '--from-literal=k=v']);
    expect((rec.object as { data: Record<string, string> }).data).toEqual({ k: Buffer.from('v').toString('base64') });
  });

  it('auth can-i: SelfSubjectAccessReview', async () => {
    const { rec, stdout } = await created(['auth', 'can-i', 'get', 'pods', '-n', 'kube-system']);
    expect(rec.url.split('?')[0]).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(rec.object).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' } },
    });
    expect(stdout.trim()).toBe('yes');
  });

  it('auth whoami: SelfSubjectReview', async () => {
    const { rec, stdout } = await created(['auth', 'whoami']);
    expect(rec.url.split('?')[0]).toBe('/apis/authentication.k8s.io/v1/selfsubjectreviews');
    expect(rec.object).toEqual({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(stdout).toContain('alice');
  });

  it('create token: TokenRequest on the serviceaccount token subresource', async () => {
    const { rec, stdout } = await created(['create', 'token', 'sa1', '--duration=2h', '--audience=api', '--audience=vault']);
    expect(rec.url.split('?')[0]).toBe('/api/v1/namespaces/default/serviceaccounts/sa1/token');
    expect(rec.object).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['api', 'vault'], expirationSeconds: 7200 },
    });
    expect(stdout.trim()).toBe('tok-123');
  });
});
