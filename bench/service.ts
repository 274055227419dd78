// bench/service: the Service data path and kube-proxy's rule syncs on this machine (root + nft).
//  1. Small HTTP GETs at a fixed concurrency to a Node HTTP server in a network namespace (a veth
//     "pod"), straight to its IP and through a ClusterIP programmed by our Proxier with the real
//     nft writer — interleaved rounds in the same run; requests/s and p50/p99 for each, both with a
//     new connection per request (every request is a new conntrack entry + DNAT) and with
//     keep-alive. Goal: ClusterIP ≥ 95% of direct.
//  2. Rule sync for N Services × M endpoints from populated informer caches: build + render +
//     `nft -f` (full first write, then one endpoint change), beside `nft -f` of the same transaction
//     alone (the kernel's and nft's share, our ceiling), and the size of the ruleset.
//   node dist/bench/service.js [--concurrency 32] [--seconds 2] [--rounds 6] [--services 1000] [--endpoints 10]
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { parseArgs } from 'node:util';
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { FakeInformer } from '../apimachinery/controller/index.js';
import { silentLogger } from '../apimachinery/log.js';
import { buildServicePorts, buildTable, NftCli, Proxier, renderTransaction, type NftWriter } from '../kube-proxy/index.js';
import { createNetns, type TestNetns } from '../test/kube-proxy/netns.js';

const { values } = parseArgs({ options: {
  concurrency: { type: 'string', default: '32' }, seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '6' },
  services: { type: 'string', default: '1000' }, endpoints: { type: 'string', default: '10' },
} });
const C = Number(values.concurrency);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const NSVC = Number(values.services);
const NEP = Number(values.endpoints);

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function service(name: string, ip: string): V1Service {
  return { metadata: { name, namespace: 'bench' }, spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } };
}

function slice(svc: string, ips: string[], port: number): V1EndpointSlice {
  return {
    metadata: { name: `${svc}-1`, namespace: 'bench', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

/** The real nft writer, timing each `nft -f` (the kernel's and nft's share of a sync). */
class TimedWriter implements NftWriter {
  private readonly cli = new NftCli();
  lastMs = 0;
  async apply(script: string, signal?: AbortSignal): Promise<void> {
    const t = performance.now();
    await this.cli.apply(script, signal);
    this.lastMs = performance.now() - t;
  }
  list(family: string, name: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.cli.list(family, name, signal);
  }
}

function proxierFor(services: V1Service[], slices: V1EndpointSlice[], table: string): { proxier: Proxier; slices: FakeInformer<V1EndpointSlice>; writer: TimedWriter } {
  const svcs = new FakeInformer<V1Service>(services);
  const sls = new FakeInformer<V1EndpointSlice>(slices);
  const writer = new TimedWriter();
  const proxier = new Proxier({ services: svcs.store, slices: sls.store, writer, table, logger: silentLogger(),
    facts: () => ({ nodePortIPs: [], clusterCIDR: '10.244.0.0/16' }) });
  return { proxier, slices: sls, writer };
}

// ---- 1. data path ----

const serverScript = `
const http = require('http');
http.createServer((q, s) => { s.setHeader('content-type', 'text/plain'); s.end('ok\\n'); })
  .listen(Number(process.argv[2]), process.argv[1], () => process.stdout.write('ready\\n'));
`;

function startServer(ns: TestNetns, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', serverScript, ns.nsIP, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

interface Load { rps: number; p50: number; p99: number; errors: number; n: number }

async function load(host: string, port: number, keepAlive: boolean): Promise<Load> {
  const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: C }) : undefined;
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const one = (): Promise<void> => new Promise((resolve) => {
    const t = performance.now();
    const req = request({ host, port, path: '/', agent: agent ?? false }, (res) => {
      res.resume();
      res.on('end', () => {
        lat.push(performance.now() - t);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
  const start = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (performance.now() < end) await one();
  }));
  const secs = (performance.now() - start) / 1000;
  agent?.destroy();
  return { rps: lat.length / secs, p50: pct(lat, 50), p99: pct(lat, 99), errors, n: lat.length };
}

function merge(runs: Load[]): Load {
  const sum = (f: (l: Load) => number): number => runs.reduce((a, l) => a + f(l), 0);
  return { rps: sum((l) => l.rps) / runs.length, p50: sum((l) => l.p50) / runs.length, p99: sum((l) => l.p99) / runs.length, errors: sum((l) => l.errors), n: sum((l) => l.n) };
}

async function dataPath(): Promise<void> {
  const octet = 200 + (process.pid % 50);
  const ns = createNetns(`b${process.pid % 1000}`, octet);
  const table = `k8ts-bench-dp-${process.pid}`;
  const vip = `10.111.254.${1 + (process.pid % 250)}`;
  let server: ChildProcess | undefined;
  try {
    server = await startServer(ns, 8080);
    const { proxier } = proxierFor([service('web', vip)], [slice('web', [ns.nsIP], 8080)], table);
    await proxier.sync();
    console.log(`\n1. HTTP GET "ok" to a Node http server in a netns (${ns.nsIP}:8080) vs ClusterIP ${vip}:80 → DNAT; concurrency ${C}, ${ROUNDS} interleaved rounds of ${SECONDS}s each`);
    console.log('| connections | target | requests/s | p50 (ms) | p99 (ms) | errors | ratio vs direct |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const keepAlive of [false, true]) {
      const direct: Load[] = [];
      const viaVip: Load[] = [];
      await load(ns.nsIP, 8080, keepAlive); // warm-up (JIT, ARP, conntrack)
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which goes first, so neither arm always inherits the other's garbage.
        if (r % 2 === 0) {
          direct.push(await load(ns.nsIP, 8080, keepAlive));
          viaVip.push(await load(vip, 80, keepAlive));
        } else {
          viaVip.push(await load(vip, 80, keepAlive));
          direct.push(await load(ns.nsIP, 8080, keepAlive));
        }
      }
      const d = merge(direct);
      const v = merge(viaVip);
      // Each round's pair ran back to back: the median of the per-pair ratios resists load drift.
      const ratios = viaVip.map((x, i) => (100 * x.rps) / direct[i]!.rps);
      const mode = keepAlive ? 'keep-alive' : 'new per request';
      console.log(`| ${mode} | pod IP (ceiling) | ${fmt(d.rps, 0)} | ${fmt(d.p50, 2)} | ${fmt(d.p99, 2)} | ${d.errors} | |`);
      console.log(`| ${mode} | ClusterIP | ${fmt(v.rps, 0)} | ${fmt(v.p50, 2)} | ${fmt(v.p99, 2)} | ${v.errors} | ${fmt(pct(ratios, 50), 0)}% median of ${ratios.length} pairs (${fmt(Math.min(...ratios), 0)}–${fmt(Math.max(...ratios), 0)}%; goal ≥ 95%) |`);
    }
  } finally {
    if (server?.exitCode === null) server.kill('SIGKILL');
    ns.destroy();
    try {
      execFileSync('nft', ['delete', 'table', 'ip', table], { stdio: 'ignore' });
    } catch {
      // not created
    }
  }
}

// ---- 2. rule sync ----

async function ruleSync(): Promise<void> {
  const table = `k8ts-bench-rs-${process.pid}`;
  const services: V1Service[] = [];
  const slices: V1EndpointSlice[] = [];
  for (let i = 0; i < NSVC; i++) {
    const name = `svc-${i}`;
    services.push(service(name, `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`));
    slices.push(slice(name, Array.from({ length: NEP }, (_, j) => `10.${200 + Math.floor((i * NEP + j) / 65536)}.${Math.floor((i * NEP + j) / 256) % 256}.${(i * NEP + j) % 256}`), 8080));
  }
  const { proxier, slices: sls, writer } = proxierFor(services, slices, table);
  const cli = new NftCli();
  try {
    // Pure part alone: model + table + text.
    let t = performance.now();
    const table0 = buildTable(buildServicePorts(services, slices), { nodePortIPs: [], clusterCIDR: '10.244.0.0/16' });
    table0.name = table;
    const script = renderTransaction(table0);
    const buildMs = performance.now() - t;

    t = performance.now();
    await proxier.sync();
    const fullMs = performance.now() - t;
    const fullNft = writer.lastMs;
    const listed = execFileSync('nft', ['list', 'table', 'ip', table], { encoding: 'utf8', maxBuffer: 256 << 20 });

    // One endpoint changes (a pod replaced): incremental write.
    const s0 = slices[0]!;
    sls.store.upsert({ ...s0, endpoints: [{ addresses: ['10.250.255.254'], conditions: { ready: true } }, ...(s0.endpoints ?? []).slice(1)] });
    const inc: number[] = [];
    const incNft: number[] = [];
    for (let k = 0; k < 5; k++) {
      const ip = `10.250.255.${250 - k}`;
      sls.store.upsert({ ...s0, endpoints: [{ addresses: [ip], conditions: { ready: true } }, ...(s0.endpoints ?? []).slice(1)] });
      t = performance.now();
      await proxier.sync();
      inc.push(performance.now() - t);
      incNft.push(writer.lastMs);
    }

    // The kernel's share: the same full transaction through nft -f, nothing else.
    await cli.apply(`delete table ip ${table}\n`);
    t = performance.now();
    await cli.apply(script);
    const nftMs = performance.now() - t;

    const chains = table0.chains.length;
    const elements = table0.sets.reduce((a, s) => a + s.elements.length, 0);
    console.log(`\n2. Rule sync, ${NSVC} Services × ${NEP} endpoints, from populated informer caches`);
    console.log('| step | k8ts | ceiling |');
    console.log('| --- | --- | --- |');
    console.log(`| full sync (build + render + nft -f) | ${fmt(fullMs, 0)} ms | ${fmt(nftMs, 0)} ms: nft -f of the same transaction alone |`);
    console.log(`| of which \`nft -f\` | ${fmt(fullNft, 0)} ms | |`);
    console.log(`| build + render alone (pure) | ${fmt(buildMs, 0)} ms | |`);
    console.log(`| one endpoint changed (incremental, ~10 lines written), median of ${inc.length} | ${fmt(pct(inc, 50), 0)} ms | 100 ms (issue #6 goal for a change to reach the kernel) |`);
    console.log(`| of which \`nft -f\` of those lines (nft loads the table's 11k-chain cache first) | ${fmt(pct(incNft, 50), 0)} ms | |`);
    console.log(`| ruleset | ${chains.toLocaleString('en-US')} chains, ${elements.toLocaleString('en-US')} map elements, transaction ${fmt(script.length / 1e6, 1)} MB / ${script.split('\n').length.toLocaleString('en-US')} lines, \`nft list table\` ${fmt(listed.length / 1e6, 1)} MB | |`);
  } finally {
    try {
      execFileSync('nft', ['delete', 'table', 'ip', table], { stdio: 'ignore' });
    } catch {
      // not created
    }
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/service needs root (netns, nft)');
  console.log(`bench/service on ${new Date().toISOString()} (load ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')})`);
  await dataPath();
  await ruleSync();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
