// bench/startup: the time from `k8ts up` (a fresh K8TS_HOME, free ports) to a Ready node, and the
// total resident memory of every cluster process (supervisor, etcd, control plane, node, and their
// children), printed beside the goals (≤ 2 s, ≤ 350 MB). Also where the time went, from the
// supervisor's log (each component's start and ready) and the Node object. Fake runtime unless
// run as root with runc (or --fake-runtime).
//   npm run build && npm run bench:startup [-- --runs 3 --fake-runtime --insecure --profile]
// --profile samples every cluster process's CPU for its first 8 s (bench/profile-preload.ts) and prints
// where each spent it. What it found (December 2026): the API server compiled its ajv schema validators
// for every served kind right after starting (~1.1 CPU s while the other six processes start on the same
// two cores); they are generated at build time now (apiserver/validation/generate.ts). What is left is
// mostly V8 compiling each process's bundle (compileSourceTextModule), @kubernetes/client-node above all.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CoreV1Api } from '@kubernetes/client-node';
import { loadKubeConfig } from '../apimachinery/client.js';
import { summariseProfiles } from './profile-summary.js';
import { bundled, clusterPaths, entry, type ClusterPaths, clusterProcesses, cpuSeconds, recordedPids, rssBytes } from '../cluster/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, 'fake-runtime': { type: 'boolean' }, insecure: { type: 'boolean' }, settle: { type: 'string', default: '5' }, profile: { type: 'boolean' } } });
const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'k8ts-bench-profile-')) : undefined;

function k8ts(home: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const profiling = profileDir && args[0] === 'up' ? { K8TS_PROFILE_DIR: profileDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(dirname(fileURLToPath(import.meta.url)), 'profile-preload.js')}` } : {};
    const p = spawn(process.execPath, [entry('cluster'), ...args], { env: { ...process.env, K8TS_HOME: home, K8TS_PROGRESS: '1', ...profiling }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

interface LogLine { time: number; msg: string; component?: string }

/** When each component was started / ready, relative to `t0`, from the supervisor's JSON log. */
function timeline(paths: ClusterPaths, t0: number): string[] {
  const lines = readFileSync(join(paths.logs, 'supervisor.log'), 'utf8').split('\n').filter((l) => l.startsWith('{'));
  const out: string[] = [];
  for (const l of lines) {
    const j = JSON.parse(l) as LogLine;
    if (j.msg === 'component started' || j.msg === 'component ready') out.push(`${((j.time - t0) / 1000).toFixed(2).padStart(6)} s  ${j.component} ${j.msg.replace('component ', '')}`);
  }
  return out;
}

async function nodeTimes(paths: ClusterPaths, t0: number): Promise<string[]> {
  const core = loadKubeConfig({ kubeconfig: paths.kubeconfig }).makeApiClient(CoreV1Api);
  const nodes = await core.listNode();
  return nodes.items.flatMap((n) => {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    const created = n.metadata?.creationTimestamp ? new Date(n.metadata.creationTimestamp).getTime() : NaN;
    const readyAt = ready?.lastTransitionTime ? new Date(ready.lastTransitionTime).getTime() : NaN;
    // API times have 1 s resolution.
    return [`${((created - t0) / 1000).toFixed(0).padStart(6)} s  node ${n.metadata?.name} registered (±1 s)`, `${((readyAt - t0) / 1000).toFixed(0).padStart(6)} s  node Ready (±1 s)`];
  });
}

/** RSS and CPU time used so far of every cluster process (CPU time does not depend on the load). */
function memory(paths: ClusterPaths): { total: number; cpu: number; rows: string[] } {
  const { supervisor, components } = recordedPids(paths);
  const rows: string[] = [];
  let total = 0;
  let cpu = 0;
  const all = new Set(clusterProcesses(paths));
  for (const c of [{ name: 'supervisor', pid: supervisor }, ...components]) {
    if (!c.pid) continue;
    const rss = rssBytes(c.pid);
    const s = cpuSeconds(c.pid);
    total += rss;
    cpu += s;
    all.delete(c.pid);
    rows.push(`${c.name.padEnd(24)} ${(rss / 2 ** 20).toFixed(0).padStart(5)} MB  ${s.toFixed(2).padStart(6)} CPU s`);
  }
  let children = 0;
  for (const pid of all) {
    children += rssBytes(pid);
    cpu += cpuSeconds(pid);
  }
  total += children;
  rows.push(`${'(their children)'.padEnd(24)} ${(children / 2 ** 20).toFixed(0).padStart(5)} MB  (${all.size} processes)`);
  return { total, cpu, rows };
}

// A cluster the bench started never outlives it: stop it on Ctrl-C / SIGTERM, and keep going
// (to `k8ts down`) when the reader of stdout goes away.
let current: string | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    const home = current;
    void (home ? k8ts(home, ['down']).then(() => rmSync(home, { recursive: true, force: true })) : Promise.resolve()).finally(() => process.exit(130));
  });
}
process.stdout.on('error', () => undefined);

async function once(i: number): Promise<{ secs: number; rssMB: number; cpu: number }> {
  const home = mkdtempSync(join(tmpdir(), 'k8ts-bench-startup-'));
  current = home;
  const paths = clusterPaths(home);
  const args = ['up', '--free-ports', ...(values['fake-runtime'] ? ['--fake-runtime'] : []), ...(values.insecure ? ['--insecure'] : [])];
  try {
    const t0 = Date.now();
    const up = await k8ts(home, args);
    const secs = (Date.now() - t0) / 1000;
    if (up.code !== 0) throw new Error(`k8ts up failed:\n${up.out}`);
    process.stdout.write(`\nrun ${i + 1}: k8ts ${args.join(' ')}\n${up.out}`);
    process.stdout.write(`where the time went (from the start of k8ts up):\n${[...timeline(paths, t0), ...(await nodeTimes(paths, t0))].join('\n')}\n${secs.toFixed(2).padStart(6)} s  k8ts up returned\n`);
    const atReady = memory(paths);
    process.stdout.write(`at Ready: ${(atReady.total / 2 ** 20).toFixed(0)} MB, ${atReady.cpu.toFixed(1)} CPU s used by the cluster:\n${atReady.rows.join('\n')}\n`);
    await new Promise((r) => setTimeout(r, Number(values.settle) * 1000));
    const settled = memory(paths);
    if (profileDir) {
      // The processes write their profiles 8 s after they started.
      await new Promise((r) => setTimeout(r, Math.max(0, 9000 - (Date.now() - t0))));
      if (existsSync(profileDir)) process.stdout.write(`CPU profiles of the first 8 s (self time, ms):\n${summariseProfiles(profileDir).join('\n')}\n`);
      rmSync(profileDir, { recursive: true, force: true });
    }
    process.stdout.write(`${values.settle} s later: ${(settled.total / 2 ** 20).toFixed(0)} MB\n${settled.rows.join('\n')}\n`);
    return { secs, rssMB: Math.max(atReady.total, settled.total) / 2 ** 20, cpu: atReady.cpu };
  } finally {
    await k8ts(home, ['down']);
    rmSync(home, { recursive: true, force: true });
    current = undefined;
  }
}

const bundles = ['apiserver', 'controllers', 'scheduler', 'kubelet', 'kube-proxy', 'kube-proxy/dns'].map((c) => `${c}: ${bundled(c) ? 'bundle' : 'dist/ modules'}`);
process.stdout.write(`components run from: ${bundles.join(', ')} (npm run bundle; K8TS_NO_BUNDLE=1 turns bundles off)\n`);
if (bundles.some((b) => b.endsWith('dist/ modules')) && !process.env.K8TS_NO_BUNDLE) process.stdout.write('WARNING: some bundles are stale (a file they were made from changed): run `npm run bundle`; these figures are not those of a built tree\n');
process.stdout.write(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores\n`);
const results: { secs: number; rssMB: number; cpu: number }[] = [];
for (let i = 0; i < Number(values.runs); i++) results.push(await once(i));
const best = Math.min(...results.map((r) => r.secs));
const median = [...results].sort((a, b) => a.secs - b.secs)[Math.floor(results.length / 2)]!.secs;
const rss = Math.max(...results.map((r) => r.rssMB));
process.stdout.write(`\n| metric | k8ts | goal |\n| --- | --- | --- |\n`);
process.stdout.write(`| k8ts up → Ready node (median of ${results.length}; best) | ${median.toFixed(2)} s; ${best.toFixed(2)} s | ≤ 2 s |\n`);
process.stdout.write(`| CPU time the cluster's processes used until Ready (median) | ${[...results].sort((a, b) => a.cpu - b.cpu)[Math.floor(results.length / 2)]!.cpu.toFixed(1)} s | (load: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores) |\n`);
process.stdout.write(`| total RSS of the cluster's processes (max) | ${rss.toFixed(0)} MB | ≤ 350 MB |\n`);
