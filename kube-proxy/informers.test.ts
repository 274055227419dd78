// kube-proxy's and cluster DNS's API calls (informer lists, service LB status writes) reuse
// connections: counted on a stub API server.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../apimachinery/client.js';
import { proxyApi } from './informers.js';
import { clientStatusWriter } from './servicelb/index.js';
import { service } from './testing/fixtures.js';

describe('proxy API clients', () => {
  let server: Server;
  let url = '';
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'PUT') return void req.pipe(res);
      const kind = req.url?.includes('endpointslices') ? 'EndpointSliceList' : 'ServiceList';
      res.end(JSON.stringify({ apiVersion: 'v1', kind, metadata: { resourceVersion: '1' }, items: [] }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('keeps one connection per API group across lists and status writes', async () => {
    const kc = loadKubeConfig({ server: url });
    const api = proxyApi(kc);
    const writer = clientStatusWriter(kc, api.core);
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      expect((await api.core.listServiceForAllNamespaces()).items).toEqual([]);
      expect((await api.discovery.listEndpointSliceForAllNamespaces()).items).toEqual([]);
      await writer.updateStatus(service('lb', { type: 'LoadBalancer' }), signal);
    }
    expect(connections).toBe(2);
  });
});
