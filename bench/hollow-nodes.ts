// bench/hollow-nodes: how many hollow nodes one kubelet process (--runtime=fake --hollow-nodes N)
// sustains with their Leases renewed on time. For each N: etcd + the API server as its own process,
// the kubelet process registers N Nodes and Leases, then a watch on kube-node-lease records when
// each Lease is renewed during a window; the figure is the gap between renewals as seen by the
// watch (renew period 10 s; the node lifecycle controller's grace is 40 s). N counts as sustained
// when every Lease's longest gap stays under 2× the period (20 s).
//   npm run build && node dist/bench/hollow-nodes.js [--nodes 250,500,1000,2000] [--window 35]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CoordinationV1Api, Watch, type V1Lease } from '@kubernetes/client-node';
import { loadKubeConfig } from '../apimachinery/client.js';
import { entry } from '../cluster/index.js';
import { pct, startControlPlane, stopProcess } from './common.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '250,500,1000,2000' }, window: { type: 'string', default: '35' } } });
const SIZES = values.nodes.split(',').map(Number).filter((n) => n > 0);
const WINDOW_MS = Number(values.window) * 1000;
const PERIOD_MS = 10_000;
const GRACE_MS = 40_000;


interface Row { n: number; registerS: number; p50: number; p99: number; max: number; over2x: number; overGrace: number; missing: number }

async function measure(n: number, kubeconfig: string, dir: string): Promise<Row> {
  const prefix = `h${n}`;
  const kc = loadKubeConfig({ kubeconfig });
  const coord = kc.makeApiClient(CoordinationV1Api);
  const seen = new Map<string, number[]>();
  const watch = await new Watch(kc).watch('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {}, (_type: string, l: V1Lease) => {
    const name = l.metadata?.name ?? '';
    if (!name.startsWith(`${prefix}-`)) return;
    const list = seen.get(name) ?? [];
    list.push(performance.now());
    seen.set(name, list);
  }, () => undefined);
  const t0 = performance.now();
  const kubelet = spawn(process.execPath, [entry('kubelet'), '--kubeconfig', kubeconfig, '--runtime', 'fake', '--hollow-nodes', String(n),
    '--node-name', prefix, '--root-dir', join(dir, prefix), '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      const leases = (await coord.listNamespacedLease({ namespace: 'kube-node-lease' })).items.filter((l) => l.metadata?.name?.startsWith(`${prefix}-`));
      if (leases.length >= n) break;
      if (kubelet.exitCode !== null) throw new Error(`kubelet exited with ${kubelet.exitCode}`);
      if (Date.now() > deadline) throw new Error(`only ${leases.length}/${n} leases after 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const registerS = (performance.now() - t0) / 1000;
    const start = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const end = performance.now();
    const gaps: number[] = [];
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const times = (seen.get(`${prefix}-${i}`) ?? []).filter((t) => t >= start && t <= end);
      if (times.length === 0) { missing++; gaps.push(end - start); continue; }
      let last = start;
      let worst = 0;
      for (const t of times) { worst = Math.max(worst, t - last); last = t; }
      gaps.push(Math.max(worst, end - last > PERIOD_MS * 2 ? end - last : 0));
    }
    return { n, registerS, p50: pct(gaps, 50), p99: pct(gaps, 99), max: Math.max(...gaps), over2x: gaps.filter((g) => g > 2 * PERIOD_MS).length,
      overGrace: gaps.filter((g) => g > GRACE_MS).length, missing };
  } finally {
    watch.abort();
    await stopProcess(kubelet);
  }
}

async function main(): Promise<void> {
  const { dir, kubeconfig, stop: stopControlPlane } = await startControlPlane('k8ts-bench-hollow-');
  const rows: Row[] = [];
  try {
    for (const n of SIZES) {
      const r = await measure(n, kubeconfig, dir);
      rows.push(r);
      if (r.overGrace > 0) break; // nodes would be going NotReady: no point in more
    }
  } finally {
    await stopControlPlane();
  }
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(`bench/hollow-nodes: one kubelet process, Leases renewed every ${PERIOD_MS / 1000} s, watched for ${WINDOW_MS / 1000} s (2-core machine)`);
  console.log(`${'nodes'.padStart(6)} ${'register s'.padStart(11)} ${'gap p50 s'.padStart(10)} ${'gap p99 s'.padStart(10)} ${'gap max s'.padStart(10)} ${'>20 s'.padStart(6)} ${'>40 s'.padStart(6)} ${'none'.padStart(5)}`);
  for (const r of rows) {
    console.log(`${String(r.n).padStart(6)} ${r.registerS.toFixed(1).padStart(11)} ${s(r.p50).padStart(10)} ${s(r.p99).padStart(10)} ${s(r.max).padStart(10)} ${String(r.over2x).padStart(6)} ${String(r.overGrace).padStart(6)} ${String(r.missing).padStart(5)}`);
  }
  const ok = rows.filter((r) => r.over2x === 0 && r.missing === 0).map((r) => r.n);
  console.log(`sustained (every Lease renewed within ${2 * PERIOD_MS / 1000} s): ${ok.length ? Math.max(...ok) : 0} hollow nodes in one process` +
    `${rows.length && rows.at(-1)!.over2x === 0 ? ' (the largest size tried; try more with --nodes)' : ''}`);
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
