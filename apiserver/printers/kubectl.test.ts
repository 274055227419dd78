// Golden check against the real kubectl: a tiny loopback server answers legacy discovery and list
// calls, returning toTable() when kubectl asks for a Table; kubectl's printed output must match.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupVersion, printerFor, resources } from '../registry/resources.js';
import { parseIncludeObject, toTable } from './index.js';

const run = promisify(execFile);
const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));

const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

// Built per request, so ages do not drift while kubectl runs; 20m and 30m print the same for a minute.
const objects = (): Record<string, object[]> => ({
  pods: [
    {
      metadata: { name: 'web-0', namespace: 'default', creationTimestamp: minutesAgo(20), labels: { app: 'web' } },
      spec: { nodeName: 'node1', containers: [{ name: 'c' }] },
      status: { phase: 'Running', podIP: '10.244.0.5', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
    },
    {
      metadata: { name: 'web-1', namespace: 'default', creationTimestamp: minutesAgo(20), labels: { app: 'web' } },
      spec: { nodeName: 'node1', containers: [{ name: 'c' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'c', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(30) } } },
        ],
      },
    },
  ],
  services: [
    {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: minutesAgo(20) },
      spec: { type: 'NodePort', clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
    },
  ],
});

function send(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const core = resources.filter((r) => r.group === '');
  if (url.pathname === '/version') {
    return send(res, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
  }
  if (url.pathname === '/api') return send(res, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (url.pathname === '/apis') return send(res, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
  if (url.pathname === '/api/v1') {
    return send(res, {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: core.map((r) => ({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames })),
    });
  }
  const m = /^\/api\/v1\/namespaces\/default\/(\w+)$/.exec(url.pathname);
  const info = m ? core.find((r) => r.plural === m[1]) : undefined;
  if (!info) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    return;
  }
  const items = objects()[info.plural] ?? [];
  if ((req.headers.accept ?? '').includes('as=Table')) {
    const include = parseIncludeObject(url.searchParams.get('includeObject') ?? undefined) ?? 'Metadata';
    return send(res, toTable(info, items, { now: new Date(), includeObject: include, listMeta: { resourceVersion: '10' } }, printerFor(info)));
  }
  return send(res, { kind: info.listKind, apiVersion: groupVersion(info), metadata: { resourceVersion: '10' }, items });
}

describe.skipIf(!kubectl)('real kubectl prints our Tables', () => {
  let server: Server;
  let dir: string;
  let base: string[];

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dir = mkdtempSync(join(tmpdir(), 'k8ts-printers-'));
    writeFileSync(join(dir, 'config'), 'apiVersion: v1\nkind: Config\n');
    base = [`--kubeconfig=${join(dir, 'config')}`, `--cache-dir=${join(dir, 'cache')}`, `--server=http://127.0.0.1:${port}`];
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (...args: string[]): Promise<string> =>
    (await run(kubectl!, [...base, 'get', ...args], { timeout: 30_000, env: { ...process.env, HOME: dir } })).stdout;

  it('get pods', async () => {
    expect(await get('pods')).toBe(
      [
        'NAME    READY   STATUS             RESTARTS      AGE',
        'web-0   1/1     Running            0             20m',
        'web-1   0/1     CrashLoopBackOff   2 (30m ago)   20m',
        '',
      ].join('\n'),
    );
  });

  it('get pods -o wide --show-labels (wide columns and labels from the row object)', async () => {
    const out = await get('pods', '-o', 'wide', '--show-labels');
    const lines = out.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES', 'LABELS']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['web-0', '1/1', 'Running', '0', '20m', '10.244.0.5', 'node1', '<none>', '<none>', 'app=web']);
  });

  it('get svc', async () => {
    const lines = (await get('svc')).trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s{2,}/))).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP', '20m'],
    ]);
  });

  it('get pods --sort-by uses full row objects', async () => {
    const lines = (await get('pods', '--sort-by=.status.phase', '-o', 'custom-columns=N:.metadata.name')).trimEnd().split('\n');
    expect(lines).toEqual(['N', 'web-0', 'web-1']);
  });
});
