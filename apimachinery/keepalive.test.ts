import { createServer, type Server } from 'node:http';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from './client.js';
import { keepAliveApiClient } from './keepalive.js';

describe('keepAliveApiClient', () => {
  let server: Server;
  let url = '';
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: req.url?.split('/').pop() } }));
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

  it.each([
    ['client-node makeApiClient (a new agent per request)', false, 5],
    ['keepAliveApiClient', true, 1],
  ])('%s: 5 sequential requests use the expected number of connections', async (_name, keepAlive, want) => {
    connections = 0;
    const kc = loadKubeConfig({ server: url });
    const core = keepAlive ? keepAliveApiClient(kc, CoreV1Api) : kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 5; i++) expect((await core.readNamespace({ name: `ns${i}` })).metadata?.name).toBe(`ns${i}`);
    expect(connections).toBe(want);
  });
});
