// bench/apiserver: the API server's write and read path beside raw etcd from the same Node client
// in the same run. Prints creates/s vs raw puts/s, gets/s and GET latency vs raw gets, LIST of
// 10k pods, and watch delivery latency to 100 watchers.
//   node dist/bench/apiserver.js [--n 5000] [--concurrency 64] [--pods 10000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import { startEtcd } from '../cluster/etcd.js';
import { freePort } from '../cluster/ports.js';
import { entry } from '../cluster/paths.js';
import { waitHttpOk } from '../cluster/components.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '64' }, pods: { type: 'string', default: '10000' }, watchers: { type: 'string', default: '100' } } });
const N = Number(values.n);
const C = Number(values.concurrency);
const PODS = Number(values.pods);
const WATCHERS = Number(values.watchers);

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
  return (performance.now() - start) / 1000;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const value = 'x'.repeat(1000);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-'));
  const etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
  const port = await freePort();
  const api = spawn(process.execPath, [entry('apiserver'), '--etcd-servers', etcd.endpoints.join(','), '--secure-port', String(port), '--log-level', 'warn'], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHttpOk(`${url}/readyz`, AbortSignal.timeout(30_000));
    const client = new Etcd3({ hosts: etcd.endpoints, grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });

    // Raw etcd: puts and gets of ~1 KB values, same concurrency.
    const rawPutS = await pool(N, C, async (i) => { await client.put(`/bench/raw/${i}`).value(value); });
    const rawGetLat: number[] = [];
    const rawGetS = await pool(N, C, async (i) => { const t = performance.now(); await client.get(`/bench/raw/${i % N}`).string(); rawGetLat.push(performance.now() - t); });

    // API server: creates of ~1 KB ConfigMaps, then GETs.
    const cm = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { v: value } });
    let failures = 0;
    const createS = await pool(N, C, async (i) => {
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', body: cm(i), headers: { 'content-type': 'application/json' } });
      if (r.status !== 201) failures++;
      await r.arrayBuffer();
    });
    const getLat: number[] = [];
    const getS = await pool(N, C, async (i) => {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps/cm-${i % N}`);
      await r.arrayBuffer();
      getLat.push(performance.now() - t);
    });
    const seqLat: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps/cm-${i % N}`);
      await r.arrayBuffer();
      seqLat.push(performance.now() - t);
    }

    // LIST of PODS pods.
    const pod = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    await pool(PODS, C, async (i) => { const r = await fetch(`${url}/api/v1/namespaces/default/pods`, { method: 'POST', body: pod(i), headers: { 'content-type': 'application/json' } }); await r.arrayBuffer(); });
    const listTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/pods`);
      const body = (await r.json()) as { items: unknown[] };
      if (body.items.length !== PODS) throw new Error(`listed ${body.items.length} pods`);
      listTimes.push(performance.now() - t);
    }
    const rawListT = performance.now();
    await client.getAll().prefix('/registry/pods/').strings();
    const rawList = performance.now() - rawListT;

    // Watch delivery latency: WATCHERS watchers on configmaps, one write at a time.
    const rv = ((await (await fetch(`${url}/api/v1/namespaces/default/configmaps?limit=1`)).json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const received = new Map<string, number[]>();
    const controllers: AbortController[] = [];
    await Promise.all(Array.from({ length: WATCHERS }, async () => {
      const ac = new AbortController();
      controllers.push(ac);
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched`, { signal: ac.signal });
      const reader = r.body!.getReader();
      void (async () => {
        let buf = '';
        for (;;) {
          const { value: chunk, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buf += Buffer.from(chunk!).toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const ev = JSON.parse(buf.slice(0, nl)) as { object: { data?: { seq?: string } } };
            buf = buf.slice(nl + 1);
            const seq = ev.object.data?.seq;
            if (seq) (received.get(seq) ?? received.set(seq, []).get(seq)!).push(performance.now());
          }
        }
      })();
    }));
    const watchLat: number[] = [];
    for (let i = 0; i < 30; i++) {
      const seq = String(i);
      const t = performance.now();
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { seq } });
      const r = i === 0
        ? await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        : await fetch(`${url}/api/v1/namespaces/default/configmaps/watched`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
      await r.arrayBuffer();
      const deadline = performance.now() + 5000;
      while ((received.get(seq)?.length ?? 0) < WATCHERS && performance.now() < deadline) await new Promise((res) => setTimeout(res, 1));
      const times = received.get(seq) ?? [];
      if (times.length < WATCHERS) throw new Error(`only ${times.length}/${WATCHERS} watchers got event ${seq}`);
      watchLat.push(Math.max(...times) - t);
    }
    for (const ac of controllers) ac.abort();

    rawGetLat.sort((a, b) => a - b);
    getLat.sort((a, b) => a - b);
    seqLat.sort((a, b) => a - b);
    watchLat.sort((a, b) => a - b);
    listTimes.sort((a, b) => a - b);
    const row = (name: string, ours: string, ceiling: string, ratio: string) => console.log(`${name.padEnd(34)} ${ours.padStart(16)} ${ceiling.padStart(18)} ${ratio.padStart(8)}`);
    console.log(`bench/apiserver: n=${N} concurrency=${C} pods=${PODS} watchers=${WATCHERS} (one 2-core machine: client, API server and etcd share it)`);
    row('metric', 'k8ts', 'ceiling (raw etcd)', 'ratio');
    row('creates/s (1 KB ConfigMap)', (N / createS).toFixed(0), (N / rawPutS).toFixed(0) + ' puts/s', ((rawPutS / createS) * 100).toFixed(0) + '%');
    row('gets/s', (N / getS).toFixed(0), (N / rawGetS).toFixed(0) + ' gets/s', ((rawGetS / getS) * 100).toFixed(0) + '%');
    row(`GET p50 / p99 at ${C} in flight (ms)`, `${pct(getLat, 50).toFixed(2)} / ${pct(getLat, 99).toFixed(2)}`, `${pct(rawGetLat, 50).toFixed(2)} / ${pct(rawGetLat, 99).toFixed(2)}`, '');
    row('GET p50 / p99 sequential (ms)', `${pct(seqLat, 50).toFixed(2)} / ${pct(seqLat, 99).toFixed(2)}`, '', '');
    row(`LIST ${PODS} pods, median (ms)`, listTimes[2].toFixed(0), rawList.toFixed(0) + ' (range get)', '');
    row(`watch delivery to ${WATCHERS} (p50/p99 ms)`, `${pct(watchLat, 50).toFixed(1)} / ${pct(watchLat, 99).toFixed(1)}`, '', '');
    if (failures > 0) console.log(`create failures: ${failures}`);
    client.close();
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
