// Durability: an API server killed with SIGKILL and restarted loses nothing; an API server given
// all members of a 3-member etcd cluster keeps serving when one member stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcdCluster } from '../../cluster/etcd.js';
import { freePort } from '../../cluster/common/ports.js';
import { defaultApiServerOptions } from '../../apiserver/options.js';
import { run } from '../../apiserver/server/server.js';
import { silentLogger } from '../../apimachinery/log.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe.skipIf(!etcdAvailable)(`API server restart${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest({ process: true });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('keeps every object and its resourceVersion across a SIGKILL restart', async () => {
    const base = `${env.url}/api/v1/namespaces/default/configmaps`;
    await Promise.all(Array.from({ length: 50 }, (_, i) => post(base, { metadata: { name: `keep-${i}` }, data: { i: String(i) } })));
    const before = (await (await fetch(base)).json()) as { items: { metadata: { name: string; resourceVersion: string; uid: string } }[] };
    expect(before.items.length).toBe(50);
    await env.stopApiServer(); // SIGKILL
    await env.startApiServer();
    const after = (await (await fetch(base)).json()) as typeof before;
    expect(after.items.map((i) => i.metadata)).toEqual(before.items.map((i) => i.metadata));
  });

  it('lists more than one gRPC message (4 MiB) of objects', async () => {
    const base = `${env.url}/api/v1/namespaces/default/secrets`;
    const blob = Buffer.alloc(30_000, 7).toString('base64');
    for (let i = 0; i < 200; i += 20)
      await Promise.all(Array.from({ length: 20 }, (_, j) => post(base, { metadata: { name: `big-${i + j}` }, data: { blob } })));
    const r = await fetch(base);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { items: unknown[] }).items.length).toBe(200);
  });
});

describe.skipIf(!etcdAvailable)(`API server on a 3-member etcd cluster${etcdSkipReason}`, () => {
  it('serves reads and writes with --etcd-servers listing all members, also after one member stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd3-'));
    const cluster = await startEtcdCluster(3, dir);
    const ac = new AbortController();
    try {
      const port = await freePort();
      const server = await run({ ...defaultApiServerOptions, etcdServers: cluster.endpoints, securePort: port }, ac.signal, silentLogger());
      const base = `${server.url}/api/v1/namespaces/default/configmaps`;
      expect((await post(base, { metadata: { name: 'one' } })).status).toBe(201);
      await cluster.members[0].stop();
      expect((await post(base, { metadata: { name: 'two' } })).status).toBe(201);
      const list = (await (await fetch(base)).json()) as { items: { metadata: { name: string } }[] };
      expect(list.items.map((i) => i.metadata.name).sort()).toEqual(['one', 'two']);
      ac.abort();
      await server.done;
    } finally {
      ac.abort();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
