// Fuzz, CI-sized: a few hundred seeded bad requests (fuzz-requests.ts) against an in-process API server
// on real etcd. Every answer must be a 4xx Status with a clean message; afterwards the server still
// answers, and nothing was stored or changed. FUZZ_SEED / FUZZ_COUNT reproduce or lengthen a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { fixtures, fuzzRequests, type FuzzRequest } from './fuzz-requests.js';

const seed = Number(process.env.FUZZ_SEED ?? 22);
const count = Number(process.env.FUZZ_COUNT ?? 400);
const artefacts = /\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b|\bInfinity\b/;

interface Outcome {
  req: FuzzRequest;
  code: number;
  problem?: string;
}

describe.skipIf(!etcdAvailable)(`fuzz: ${count} bad requests, seed ${seed}${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const paths = ['/api/v1/namespaces/fuzz/configmaps', '/apis/apps/v1/namespaces/fuzz/deployments', '/api/v1/namespaces/fuzz/pods', '/api/v1/namespaces/fuzz/secrets'];
  const post = async (path: string, body: object): Promise<void> => {
    const r = await fetch(env.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(r.status, await r.text()).toBe(201);
  };
  /** name@resourceVersion of everything in the namespace. */
  const snapshot = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const p of paths) {
      const list = (await (await fetch(env.url + p)).json()) as { items: { metadata: { name: string; resourceVersion: string } }[] };
      out.push(...list.items.map((i) => `${p}/${i.metadata.name}@${i.metadata.resourceVersion}`));
    }
    return out.sort();
  };

  beforeAll(async () => {
    env = await startEnvtest();
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fuzz' } });
    await post(paths[0]!, fixtures.configMap);
    await post(paths[1]!, fixtures.deployment);
    await post(paths[2]!, fixtures.pod);
  });
  afterAll(async () => {
    await env?.stop();
  });

  async function send(req: FuzzRequest): Promise<Outcome> {
    const headers: Record<string, string> = req.contentType ? { 'content-type': req.contentType } : {};
    let r: Response;
    try {
      r = await fetch(env.url + req.path, { method: req.method, body: req.method === 'GET' ? undefined : req.body, headers, signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      return { req, code: 0, problem: `no answer: ${String(e)}` };
    }
    const text = await r.text();
    if (r.status < 400 || r.status >= 500) return { req, code: r.status, problem: `status ${r.status}: ${text.slice(0, 300)}` };
    let status: { kind?: string; code?: number; message?: string };
    try {
      status = JSON.parse(text) as typeof status;
    } catch {
      return { req, code: r.status, problem: `not JSON: ${text.slice(0, 200)}` };
    }
    if (status.kind !== 'Status' || status.code !== r.status) return { req, code: r.status, problem: `not a Status for ${r.status}: ${text.slice(0, 200)}` };
    if (typeof status.message !== 'string' || artefacts.test(status.message)) return { req, code: r.status, problem: `message with a JavaScript artefact: ${String(status.message).slice(0, 300)}` };
    return { req, code: r.status };
  }

  it('answers every request with a 4xx Status, stays up, and stores nothing', async () => {
    const before = await snapshot();
    const outcomes: Outcome[] = [];
    for (const req of fuzzRequests(seed, count)) outcomes.push(await send(req));
    const failures = outcomes.filter((o) => o.problem).map((o, i) => `#${i} ${o.req.kind}: ${o.req.method} ${o.req.path.slice(0, 120)} [${o.req.contentType ?? ''}] ${String(o.req.body ?? '').slice(0, Number(process.env.FUZZ_SHOW ?? 80))} → ${o.problem}`);
    expect(failures, `seed ${seed}:\n${failures.join('\n')}`).toEqual([]);
    const byKind = new Map<string, number>();
    for (const o of outcomes) byKind.set(o.req.kind.split(' ')[0]!, (byKind.get(o.req.kind.split(' ')[0]!) ?? 0) + 1);
    expect(byKind.size).toBeGreaterThanOrEqual(10);
    expect((await fetch(`${env.url}/readyz`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
