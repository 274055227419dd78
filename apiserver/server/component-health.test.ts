// Component health for componentstatuses: the HTTP probe's answers and the statuses built from them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentStatuses } from '../registry/core/componentstatus.js';
import { probeHealth } from './component-health.js';

describe('component health', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 500;
      res.end(req.url === '/healthz' ? 'ok' : 'bad');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports a healthy endpoint with its body, a failing one with its status code, a closed one as Go words it', async () => {
    expect(await probeHealth(`${base}/healthz`)).toEqual({ healthy: true, message: 'ok' });
    expect(await probeHealth(`${base}/broken`)).toEqual({ healthy: false, message: 'HTTP probe failed with statuscode: 500' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await probeHealth(`http://127.0.0.1:${port}/healthz`)).toEqual({
      healthy: false, message: `Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  it('builds one ComponentStatus per component and one for etcd, by name', async () => {
    const items = await componentStatuses({
      storageError: async () => 'context deadline exceeded',
      healthEndpoints: { scheduler: `${base}/healthz`, 'controller-manager': `${base}/broken` },
      probe: probeHealth,
    });
    expect(items).toEqual([
      { metadata: { name: 'controller-manager' }, conditions: [{ type: 'Healthy', status: 'False', message: 'HTTP probe failed with statuscode: 500' }] },
      { metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'False', error: 'context deadline exceeded' }] },
      { metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
    ]);
  });
});
