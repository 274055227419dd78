// `why pod/x` with the scheduler's endpoint reachable: an in-process scheduler (its HTTP endpoint on a
// free loopback port) places a pod on one of two nodes, and `why` shows the per-node scores of that
// attempt; with the endpoint unreachable it falls back silently to what the pod itself records.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { run as runScheduler } from '../../scheduler/index.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import { ours } from './golden.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Why {
  verdict: string;
  findings: { title: string; lines: string[]; data?: unknown }[];
}

describe.skipIf(!etcdAvailable)(`why with the scheduler's scores${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const stop = new AbortController();
  let done: Promise<unknown> | undefined;
  let port = 0;
  const api = async (method: string, path: string, body: unknown, type = 'application/json'): Promise<void> => {
    const r = await fetch(env.url + path, { method, headers: { 'Content-Type': type }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  };

  beforeAll(async () => {
    env = await startEnvtest();
    for (const [name, cpu] of [['big', '8'], ['small', '2']] as const) {
      await api('POST', '/api/v1/nodes', { metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
      const alloc = { cpu, memory: '8Gi', pods: '110' };
      await api('PATCH', `/api/v1/nodes/${name}/status`, { status: { allocatable: alloc, capacity: alloc, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }] } }, 'application/merge-patch+json');
    }
    port = await freePort();
    let listening: (() => void) | undefined;
    const up = new Promise<void>((r) => (listening = r));
    done = runScheduler({ kubeConfig: env.kubeConfig(), leaderElect: false, securePort: port, bindAddress: '127.0.0.1', logger: silentLogger(), onListening: () => listening?.() }, stop.signal);
    await up;
    await api('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'placed' }, spec: { containers: [{ name: 'app', image: 'busybox:1', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } });
  });
  afterAll(async () => {
    stop.abort();
    await done?.catch(() => undefined);
    await env?.stop();
  });

  it("shows the scheduler's per-node scores, the chosen node marked", async () => {
    const w = await eventually('scores from the scheduler', async () => {
      const r = await ours(env, ['why', 'pod/placed', '-o', 'json', `--scheduler-url=http://127.0.0.1:${port}`]);
      if (r.code !== 0) throw new Error(r.stderr);
      const parsed = JSON.parse(r.stdout) as Why;
      return parsed.findings.some((f) => f.title.startsWith('Scheduler scores per node')) ? parsed : undefined;
    });
    const f = w.findings.find((x) => x.title.startsWith('Scheduler scores per node'));
    expect(f?.title).toMatch(/^Scheduler scores per node \(Scheduled at .+, 2 of 2 nodes feasible\)$/);
    const scores = f?.data as { node: string; total: number; plugins: Record<string, number> }[];
    expect(scores.map((sc) => sc.node).sort()).toEqual(['big', 'small']);
    expect(Object.keys(scores[0].plugins).length).toBeGreaterThan(0);
    // the lines name each node with its total, and mark the node the pod was bound to
    const chosen = f?.lines.find((l) => l.endsWith('(chosen)')) ?? '';
    const bound = await env.kubectl(['get', 'pod', 'placed', '-o', 'jsonpath={.spec.nodeName}']);
    expect(chosen.startsWith(bound.stdout)).toBe(true);
    expect(f?.lines).toHaveLength(2);
    const text = await ours(env, ['why', 'placed', `--scheduler-url=http://127.0.0.1:${port}`]);
    expect(text.stdout).toMatch(/\n {2}Scheduler scores per node \(Scheduled at [^\n]+\):\n {4}(big|small) +\d+ +\S+=/);
  });

  it('falls back silently when the scheduler cannot be reached', async () => {
    const closed = await freePort();
    const r = await ours(env, ['why', 'pod/placed', '-o', 'json', `--scheduler-url=http://127.0.0.1:${closed}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout) as Why;
    expect(w.findings.some((f) => f.title.startsWith('Scheduler scores'))).toBe(false);
  });
});
