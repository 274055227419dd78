// etcd killed with SIGKILL under a running API server and restarted 1-2 s later (as the supervisor
// does): while it is down every request gets a quick 5xx Status saying storage is unavailable, and
// once it is back the API server serves again at once (no circuit breaker left open for seconds).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { defaultApiServerOptions } from '../../apiserver/options.js';
import { run } from '../../apiserver/server/server.js';
import { startEtcd, type EtcdMember } from '../../cluster/etcd.js';
import { freePorts } from '../../cluster/common/ports.js';
import { etcdAvailable, etcdSkipReason } from '../etcd.js';

interface Answer {
  code: number;
  reason?: string;
  message?: string;
  ms: number;
}

describe.skipIf(!etcdAvailable)(`API server through an etcd kill -9${etcdSkipReason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd-outage-'));
  let ports: number[] = [];
  let etcd: EtcdMember;
  let url = '';
  const ac = new AbortController();
  let done: Promise<void> = Promise.resolve();
  const startMember = (): Promise<EtcdMember> =>
    startEtcd({ dataDir: join(dir, 'data'), logFile: join(dir, 'etcd.log'), clientPort: ports[0], peerPort: ports[1], metricsPort: ports[2] });

  beforeAll(async () => {
    ports = await freePorts(4);
    etcd = await startMember();
    const server = await run({ ...defaultApiServerOptions, etcdServers: etcd.endpoints, securePort: ports[3], logLevel: 'silent' }, ac.signal, silentLogger());
    url = server.url;
    done = server.done;
  });
  afterAll(async () => {
    ac.abort();
    await done;
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cms = '/api/v1/namespaces/default/configmaps';
  const ask = async (method: string, path: string, body?: object): Promise<Answer> => {
    const t0 = Date.now();
    const r = await fetch(url + path, { method, body: body && JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) });
    const json = (await r.json()) as { reason?: string; message?: string };
    return { code: r.status, reason: json.reason, message: json.message, ms: Date.now() - t0 };
  };
  const cm = (name: string): object => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });

  async function killEtcd(): Promise<void> {
    process.kill(etcd.pid, 'SIGKILL');
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      try {
        process.kill(etcd.pid, 0);
      } catch {
        return;
      }
    }
    throw new Error(`etcd ${etcd.pid} still alive after SIGKILL`);
  }

  it('answers 5xx quickly while etcd is down and serves again as soon as it is back', async () => {
    expect((await ask('POST', cms, cm('before'))).code).toBe(201);
    await killEtcd();
    const during: Answer[] = [];
    for (const until = Date.now() + 800; Date.now() < until; ) {
      during.push(await ask('GET', `${cms}/before`), await ask('POST', cms, cm(`during-${during.length}`)));
    }
    etcd = await startMember();
    const backAt = Date.now();
    let first: Answer | undefined;
    const after: Answer[] = [];
    while (Date.now() - backAt < 10_000) {
      const a = await ask('GET', `${cms}/before`);
      after.push(a);
      if (a.code === 200) {
        first = a;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const recoveredMs = Date.now() - backAt;

    for (const a of during) {
      expect(a.code, JSON.stringify(a)).toBeGreaterThanOrEqual(500);
      expect(a.code, JSON.stringify(a)).not.toBe(500);
      expect(a.reason, JSON.stringify(a)).toMatch(/ServiceUnavailable|Timeout/);
      expect(a.message, JSON.stringify(a)).toMatch(/etcd is unreachable/);
      expect(a.message).not.toMatch(/circuit breaker/);
      expect(a.ms, JSON.stringify(a)).toBeLessThan(3000);
    }
    for (const a of after) expect(a.message ?? '', JSON.stringify(a)).not.toMatch(/circuit breaker/);
    expect(first?.code).toBe(200);
    expect(recoveredMs, `${recoveredMs} ms after etcd was back: ${JSON.stringify(after.slice(-3))}`).toBeLessThan(1500);
    expect((await ask('POST', cms, cm('after'))).code).toBe(201);
    const names = ((await (await fetch(url + cms)).json()) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name);
    expect(names).toContain('before');
    expect(names).toContain('after');
  }, 60_000);
});
