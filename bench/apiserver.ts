// bench/apiserver: the API server's write and read path beside raw etcd from the same Node client
// in the same run. Prints creates/s vs raw puts/s, gets/s and GET latency vs raw gets, LIST of
// 10k pods, watch delivery latency to 100 watchers, and CPU per request: the API server's and etcd's
// CPU (utime+stime from /proc/<pid>/stat) per create / GET / pods/binding / lease update / Event
// create, beside raw etcd's per put / get (etcd's CPU plus the same Node etcd client's, in this
// process). CPU per request stays comparable when the machine is loaded; wall-clock rates do not.
//   node dist/bench/apiserver.js [--n 5000] [--concurrency 64] [--pods 10000] [--leases 500]
//     [--cpu-prof DIR]   (API server runs with node --cpu-prof, profile written to DIR on exit)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import { startEtcd, freePort, entry, waitHttpOk } from '../cluster/index.js';
import { pct, pool } from './common.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
    pods: { type: 'string', default: '10000' },
    watchers: { type: 'string', default: '100' },
    leases: { type: 'string', default: '500' },
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(values.n);
const C = Number(values.concurrency);
const PODS = Number(values.pods);
const WATCHERS = Number(values.watchers);
const LEASES = Number(values.leases);

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in microseconds. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime, stime are 14, 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1e6) / clockTicks;
}

interface CpuPhase {
  name: string;
  ops: number;
  api: number;
  etcd: number;
  client: number;
}

/** Runs `fn` and records the CPU the API server, etcd and this process spent on it, per operation. */
async function measured<T>(phases: CpuPhase[], name: string, ops: number, pids: { api: number; etcd: number }, fn: () => Promise<T>): Promise<T> {
  const a0 = cpuMicros(pids.api);
  const e0 = cpuMicros(pids.etcd);
  const c0 = process.cpuUsage();
  const r = await fn();
  const c = process.cpuUsage(c0);
  phases.push({ name, ops, api: cpuMicros(pids.api) - a0, etcd: cpuMicros(pids.etcd) - e0, client: c.user + c.system });
  return r;
}

const value = 'x'.repeat(1000);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-'));
  const etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
  const port = await freePort();
  const prof = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
  const api = spawn(process.execPath, [...prof, entry('apiserver'), '--etcd-servers', etcd.endpoints.join(','), '--secure-port', String(port), '--log-level', 'warn'], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHttpOk(`${url}/readyz`, AbortSignal.timeout(30_000));
    const client = new Etcd3({ hosts: etcd.endpoints, grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
    const pids = { api: api.pid!, etcd: etcd.pid };
    const phases: CpuPhase[] = [];

    // Raw etcd: puts and gets of ~1 KB values, same concurrency.
    await client.put('/bench/warmup').value(value);
    const rawPutS = await measured(phases, 'raw etcd put (1 KB)', N, pids, () => pool(N, C, async (i) => { await client.put(`/bench/raw/${i}`).value(value); }));
    const rawGetLat: number[] = [];
    const rawGetS = await measured(phases, 'raw etcd get', N, pids, () => pool(N, C, async (i) => { const t = performance.now(); await client.get(`/bench/raw/${i % N}`).string(); rawGetLat.push(performance.now() - t); }));

    // API server: creates of ~1 KB ConfigMaps, then GETs.
    const cm = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { v: value } });
    let failures = 0;
    // Warm-up writes elsewhere first, so that lazy initialisation and JIT compilation are not counted.
    const warmPod = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `warm-${i}` }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    await pool(300, C, async (i) => {
      const kind = i % 2 === 0 ? 'configmaps' : 'pods';
      const r = await fetch(`${url}/api/v1/namespaces/kube-system/${kind}`, { method: 'POST', body: kind === 'pods' ? warmPod(i) : cm(-i), headers: { 'content-type': 'application/json' } });
      await r.arrayBuffer();
    });
    const createS = await measured(phases, 'create ConfigMap (1 KB)', N, pids, () => pool(N, C, async (i) => {
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', body: cm(i), headers: { 'content-type': 'application/json' } });
      if (r.status !== 201) failures++;
      await r.arrayBuffer();
    }));
    const getLat: number[] = [];
    const getS = await measured(phases, 'GET ConfigMap', N, pids, () => pool(N, C, async (i) => {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps/cm-${i % N}`);
      await r.arrayBuffer();
      getLat.push(performance.now() - t);
    }));
    const seqLat: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/configmaps/cm-${i % N}`);
      await r.arrayBuffer();
      seqLat.push(performance.now() - t);
    }

    // LIST of PODS pods.
    const pod = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    await measured(phases, 'create Pod', PODS, pids, () => pool(PODS, C, async (i) => {
      const r = await fetch(`${url}/api/v1/namespaces/default/pods`, { method: 'POST', body: pod(i), headers: { 'content-type': 'application/json' } });
      if (r.status !== 201) failures++;
      await r.arrayBuffer();
    }));
    const listTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/api/v1/namespaces/default/pods`);
      const body = (await r.json()) as { items: unknown[] };
      if (body.items.length !== PODS) throw new Error(`listed ${body.items.length} pods`);
      listTimes.push(performance.now() - t);
    }
    await writePhases(url, phases, pids, () => failures++);
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
    printCpu(phases);
    if (failures > 0) console.log(`write failures: ${failures}`);
    client.close();
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the scheduler and the kubelets write: a binding and an Event per pod, Lease renewals. */
async function writePhases(url: string, phases: CpuPhase[], pids: { api: number; etcd: number }, fail: () => void): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const binding = (i: number) => JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: `p-${i}`, namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: `node-${i % 100}` } });
  await measured(phases, 'pods/binding', PODS, pids, () => pool(PODS, C, async (i) => {
    const r = await fetch(`${url}/api/v1/namespaces/default/pods/p-${i}/binding`, { method: 'POST', body: binding(i), headers: json });
    if (r.status !== 201) fail();
    await r.arrayBuffer();
  }));
  const event = (i: number) => JSON.stringify({
    apiVersion: 'v1', kind: 'Event', metadata: { name: `p-${i}.bench${i}`, namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `p-${i}`, namespace: 'default' }, reason: 'Scheduled',
    message: `Successfully assigned default/p-${i} to node-${i % 100}`, source: { component: 'default-scheduler' }, type: 'Normal',
    firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1, reportingComponent: 'default-scheduler',
  });
  await measured(phases, 'create Event', N, pids, () => pool(N, C, async (i) => {
    const r = await fetch(`${url}/api/v1/namespaces/default/events`, { method: 'POST', body: event(i), headers: json });
    if (r.status !== 201) fail();
    await r.arrayBuffer();
  }));
  // Node leases as the kubelet renews them: PUT of the last object read, with its resourceVersion.
  const leasesUrl = `${url}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases`;
  const leases: Record<string, unknown>[] = [];
  await pool(LEASES, C, async (i) => {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: `node-${i}` }, spec: { holderIdentity: `node-${i}`, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') } };
    const r = await fetch(leasesUrl, { method: 'POST', body: JSON.stringify(body), headers: json });
    leases[i] = (await r.json()) as Record<string, unknown>;
  });
  await measured(phases, 'lease update (PUT)', N, pids, () => pool(N, Math.min(C, LEASES), async (i) => {
    const lease = leases[i % LEASES]!;
    (lease.spec as Record<string, unknown>).renewTime = new Date().toISOString().replace('Z', '000Z');
    const name = (lease.metadata as { name: string }).name;
    const r = await fetch(`${leasesUrl}/${name}`, { method: 'PUT', body: JSON.stringify(lease), headers: json });
    if (r.status !== 200) fail();
    leases[i % LEASES] = (await r.json()) as Record<string, unknown>;
  }));
}

function printCpu(phases: CpuPhase[]): void {
  const us = (v: number, ops: number) => (v / ops).toFixed(0);
  // The load on a shared machine moves every CPU figure together; the ratio to what the same Node
  // etcd client spent per raw put (get, for reads) in the same run moves much less.
  const rawPut = phases.find((p) => p.name.startsWith('raw etcd put'));
  const rawGet = phases.find((p) => p.name.startsWith('raw etcd get'));
  console.log(`\nCPU per request (µs; utime+stime of each process over the phase ÷ requests; ${C} in flight)`);
  console.log(`${'phase'.padEnd(26)} ${'requests'.padStart(8)} ${'API server'.padStart(11)} ${'÷ raw client'.padStart(13)} ${'etcd'.padStart(8)} ${'bench client'.padStart(13)}`);
  for (const p of phases) {
    const raw = p.name.startsWith('raw');
    const base = p.name.startsWith('GET') ? rawGet : rawPut;
    const ratio = raw || !base ? '' : `${(p.api / p.ops / (base.client / base.ops)).toFixed(2)}×`;
    console.log(`${p.name.padEnd(26)} ${String(p.ops).padStart(8)} ${(raw ? '-' : us(p.api, p.ops)).padStart(11)} ${ratio.padStart(13)} ${us(p.etcd, p.ops).padStart(8)} ${us(p.client, p.ops).padStart(13)}`);
  }
  console.log('ceiling: a raw put/get costs etcd the "etcd" figure and its Node client (bench client column) the rest;');
  console.log('the API server pays at least that client cost per etcd request it makes. "÷ raw client": API server CPU');
  console.log('per request over the client CPU per raw put (per raw get for GETs), comparable across loads.');
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
