import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../apimachinery/client.js';
import { silentLogger } from '../apimachinery/log.js';
import { run } from './run.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

describe('run() (no API server)', () => {
  it('serves /healthz as not ready while it cannot list, and shuts down cleanly on abort', async () => {
    const apiPort = await freePort(); // nothing listens there
    const httpPort = await freePort();
    const kc = loadKubeConfig({ server: `http://127.0.0.1:${apiPort}` });
    const ac = new AbortController();
    let listening!: () => void;
    const up = new Promise<void>((r) => (listening = r));
    const done = run({ kubeConfig: kc, leaderElect: false, securePort: httpPort, bindAddress: '127.0.0.1', logger: silentLogger(), onListening: () => listening() }, ac.signal);
    await up;
    const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    expect(res.status).toBe(500);
    const metrics = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await metrics.text();
    expect(body).toContain('scheduler_pending_pods{queue="active"} 0');
    expect(body).toContain('process_cpu_seconds_total');
    expect(body).toContain('nodejs_heap_size_used_bytes');
    ac.abort();
    await done;
    await expect(fetch(`http://127.0.0.1:${httpPort}/healthz`)).rejects.toThrow();
  });
});
