// Checks the requests the client-node Lease client sends against a recording HTTP server.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../client.js';
import { clientNodeLeaseClient } from './leaseclient.js';

let server: Server;
let base = '';
const seen: Array<{ method: string; url: string; body: unknown }> = [];
let respond: () => { code: number; body: unknown } = () => ({ code: 200, body: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body: data ? JSON.parse(data) : undefined });
      const r = respond();
      res.writeHead(r.code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('clientNodeLeaseClient', () => {
  it('reads (404 → undefined), creates and replaces the lease', async () => {
    const client = clientNodeLeaseClient(loadKubeConfig({ server: base }));
    respond = () => ({ code: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } });
    expect(await client.get('kube-system', 'kube-scheduler')).toBeUndefined();
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-scheduler', namespace: 'kube-system' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } };
    respond = () => ({ code: 201, body: { ...lease, metadata: { ...lease.metadata, resourceVersion: '7' } } });
    const created = await client.create(lease);
    expect(created.metadata?.resourceVersion).toBe('7');
    respond = () => ({ code: 200, body: { ...lease, metadata: { ...lease.metadata, resourceVersion: '8' } } });
    await client.update({ ...lease, metadata: { ...lease.metadata, resourceVersion: '7' } });
    expect((await client.get('kube-system', 'kube-scheduler'))?.spec?.holderIdentity).toBe('me');
    respond = () => ({ code: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500 } });
    await expect(client.get('kube-system', 'kube-scheduler')).rejects.toBeDefined();
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['POST', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases'],
      ['PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
    ]);
    expect(seen[2]!.body).toMatchObject({ metadata: { resourceVersion: '7' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } });
  });
});
