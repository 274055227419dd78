import { describe, expect, it } from 'vitest';
import { ExplainStore } from '../explain/store.js';
import { buildServer } from './http.js';

describe('scheduler HTTP server', () => {
  it('serves health and explanations', async () => {
    const explain = new ExplainStore(10);
    explain.record({
      pod: 'default/web', schedulerName: 'default-scheduler', cycle: 1, attempt: 1, time: '2024-01-01T00:00:00.000Z', durationMs: 1,
      result: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.', numNodes: 1, evaluatedNodes: 1, feasibleNodes: 0,
      filtered: [{ node: 'n1', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }], scores: [],
    });
    let healthy = true;
    const app = buildServer({ explain, healthy: () => healthy });
    expect((await app.inject({ url: '/healthz' })).body).toBe('ok');
    healthy = false;
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(500);
    const r = await app.inject({ url: '/explain/default/web' });
    expect(r.statusCode).toBe(200);
    expect(r.json().attempts[0].filtered[0]).toEqual({ node: 'n1', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] });
    const nf = await app.inject({ url: '/explain/default/nope' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json().reason).toBe('NotFound');
    await app.close();
  });
});
