import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCert, newCA, type CA } from '../apimachinery/pki/index.js';
import { probeOnce, waitHealthy } from './probe.js';


describe('waitHealthy over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-probe-'));
  let ca: CA;
  let server: Server;
  let url = '';
  let answers = 0;
  const connections = new Set<unknown>();
  beforeAll(async () => {
    ca = await newCA(dir, 'probe-ca');
    const serving = await issueCert({ ca, cn: 'srv', sans: ['127.0.0.1'], usage: 'server' });
    server = createServer({ cert: serving.certPem, key: serving.keyPem }, (_req, res) => {
      res.statusCode = ++answers >= 5 ? 200 : 503;
      res.end('x');
    });
    server.on('secureConnection', (s) => connections.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/readyz`;
  });
  afterAll(() => {
    server.close();
    server.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for 200 on one kept-alive TLS connection, checking the server against the CA', async () => {
    await waitHealthy(url, new AbortController().signal, { ca: ca.certPem, intervalMs: 1 });
    expect(answers).toBe(5);
    expect(connections.size).toBe(1);
  });

  it('a server whose certificate the CA did not sign never counts as healthy', async () => {
    const other = await newCA(join(dir, 'o'), 'other');
    expect(await probeOnce(url, { ca: other.certPem })).toBe(0);
    await expect(waitHealthy(url, new AbortController().signal, { ca: other.certPem, timeoutMs: 50, intervalMs: 5 })).rejects.toThrow(/did not become ready/);
  });
});
