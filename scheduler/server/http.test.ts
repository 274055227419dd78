import { describe, expect, it } from 'vitest';
import { ExplainStore } from '../explain/store.js';
import { withServer } from '../testing/http.js';

describe('scheduler HTTP server', () => {
  it('serves health and explanations', async () => {
    const explain = new ExplainStore(10);
    explain.record({
      pod: 'default/web', schedulerName: 'default-scheduler', cycle: 1, attempt: 1, time: '2024-01-01T00:00:00.000Z', durationMs: 1,
      result: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.', numNodes: 1, evaluatedNodes: 1, feasibleNodes: 0,
      filtered: [{ node: 'n1', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }], scores: [],
    });
    let healthy = true;
    await withServer({ explain, healthy: () => healthy, leading: () => false }, async (url) => {
      expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok');
      healthy = false;
      expect((await fetch(`${url}/readyz`)).status).toBe(500);
      const r = await fetch(`${url}/explain/default/web`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { attempts: { filtered: unknown[] }[] }).attempts[0]!.filtered[0]).toEqual({ node: 'n1', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] });
      const nf = await fetch(`${url}/explain/default/nope`);
      expect(nf.status).toBe(404);
      expect(((await nf.json()) as { reason: string }).reason).toBe('NotFound');
      expect(await (await fetch(`${url}/leader`)).json()).toEqual({ leading: false });
      expect((await fetch(`${url}/nowhere`)).status).toBe(404);
      expect((await fetch(`${url}/explain/%E0%A4%A/x`)).status).toBe(400);
      expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
    });
  });
});
