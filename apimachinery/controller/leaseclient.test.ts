// Checks the requests the client-node Lease client sends against a recording HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../client.js';
import { clientNodeLeaseClient } from './leaseclient.js';
import { startRecordingServer, type RecordingServer } from './recordingserver.js';

let srv: RecordingServer;
beforeAll(async () => {
  srv = await startRecordingServer();
});
afterAll(() => srv.close());

describe('clientNodeLeaseClient', () => {
  it('reads (404 → undefined), creates and replaces the lease', async () => {
    const client = clientNodeLeaseClient(loadKubeConfig({ server: srv.base }));
    srv.respond = () => ({ code: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } });
    expect(await client.get('kube-system', 'kube-scheduler')).toBeUndefined();
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'kube-scheduler', namespace: 'kube-system' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } };
    srv.respond = () => ({ code: 201, body: { ...lease, metadata: { ...lease.metadata, resourceVersion: '7' } } });
    const created = await client.create(lease);
    expect(created.metadata?.resourceVersion).toBe('7');
    srv.respond = () => ({ code: 200, body: { ...lease, metadata: { ...lease.metadata, resourceVersion: '8' } } });
    await client.update({ ...lease, metadata: { ...lease.metadata, resourceVersion: '7' } });
    expect((await client.get('kube-system', 'kube-scheduler'))?.spec?.holderIdentity).toBe('me');
    srv.respond = () => ({ code: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500 } });
    await expect(client.get('kube-system', 'kube-scheduler')).rejects.toBeDefined();
    expect(srv.seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['POST', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases'],
      ['PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
      ['GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler'],
    ]);
    expect(srv.seen[2]!.body).toMatchObject({ metadata: { resourceVersion: '7' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } });
  });
});
