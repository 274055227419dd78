// /healthz: 503 before the first sync and when stale, 200 after a recent sync; served on loopback.
import { describe, expect, it } from 'vitest';
import { healthReport, serveHealthz } from './healthz.js';

describe('healthz', () => {
  it.each([
    { name: 'never synced', last: 0, now: 1000, healthy: false },
    { name: 'fresh', last: 1000, now: 2000, healthy: true },
    { name: 'stale', last: 1000, now: 1000 + 70_001, healthy: false },
  ])('$name → healthy=$healthy', ({ last, now, healthy }) => {
    expect(healthReport({ lastSyncAt: () => last, now: () => now, staleAfterMs: 70_000 }).healthy).toBe(healthy);
  });

  it('serves /healthz and /livez with the status code of the report', async () => {
    let last = 0;
    const ac = new AbortController();
    const h = await serveHealthz('127.0.0.1:0', { lastSyncAt: () => last, now: () => Date.now(), staleAfterMs: 60_000 }, ac.signal);
    const url = `http://127.0.0.1:${h.port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    last = Date.now();
    const r = await fetch(`${url}/livez`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { lastUpdated: string }).lastUpdated).toBe(new Date(last).toISOString());
    expect((await fetch(`${url}/other`)).status).toBe(404);
    ac.abort();
    await h.closed;
  });
});
