#!/usr/bin/env node
// The `k8ts` CLI: up, down, status (and the internal `supervise`). `npm start` = `k8ts up`,
// `npm stop` = `k8ts down`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { newLogger } from '../apimachinery/log.js';
import { clusterPaths, type ClusterPaths } from './paths.js';
import { componentSpecs, writeKubeconfig, waitHttpOk, type ClusterConfig } from './components.js';
import { Supervisor } from './supervisor.js';
import { detectNodeIP, realNodeMissing, ensureDnsService, waitNodeReady, waitLeaseRenewed } from './node.js';
import { loadKubeConfig } from '../apimachinery/client.js';
import { cleanupNode } from './cleanup.js';

const defaults = { apiPort: 6443, etcdClientPort: 2379, etcdPeerPort: 2380 };

function config(paths: ClusterPaths): ClusterConfig {
  return { paths, ...defaults, nodeIP: detectNodeIP(), hollowReason: realNodeMissing() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function supervisorPid(paths: ClusterPaths): number | undefined {
  if (!existsSync(paths.supervisorPid)) return undefined;
  const pid = Number(readFileSync(paths.supervisorPid, 'utf8'));
  return pid > 0 && alive(pid) ? pid : undefined;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function exportLine(paths: ClusterPaths): string {
  return `export KUBECONFIG=${paths.kubeconfig}`;
}

async function up(paths: ClusterPaths): Promise<number> {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const cfg = config(paths);
  const api = `http://127.0.0.1:${cfg.apiPort}`;
  const running = supervisorPid(paths) !== undefined;
  // A fresh start waits for leases renewed by this start; a running cluster's are at most a lease old.
  const startedAt = new Date(Date.now() - (running ? 15_000 : 0));
  if (!running) {
    for (const [what, port] of [['API server', cfg.apiPort], ['etcd client', cfg.etcdClientPort], ['etcd peer', cfg.etcdPeerPort]] as const) {
      if (!(await portFree(port))) {
        process.stderr.write(`k8ts: port ${port} (${what}) is already in use; stop what holds it or run 'npm stop'\n`);
        return 1;
      }
    }
    const out = openSync(`${paths.logs}/supervisor.log`, 'a');
    const child = spawn(process.execPath, [process.argv[1], 'supervise'], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, K8TS_HOME: paths.home } });
    child.unref();
    writeFileSync(paths.supervisorPid, String(child.pid));
    if (process.stdout.isTTY) process.stdout.write('k8ts: starting etcd and the control plane…\n');
  }
  const started = Date.now();
  if (cfg.hollowReason) process.stderr.write(`k8ts: the node runs the fake runtime (no real containers): ${cfg.hollowReason}\n`);
  let node: string;
  try {
    await waitHttpOk(`${api}/readyz`, AbortSignal.timeout(90_000), 90_000);
    writeKubeconfig(paths.kubeconfig, api);
    const kc = loadKubeConfig({ kubeconfig: paths.kubeconfig });
    if (!cfg.hollowReason) await ensureDnsService(kc, '10.96.0.10', cfg.nodeIP);
    const deadline = AbortSignal.timeout(90_000);
    [node] = await Promise.all([
      waitNodeReady(kc, deadline),
      waitLeaseRenewed(kc, 'kube-scheduler', startedAt, deadline),
      waitLeaseRenewed(kc, 'kube-controller-manager', startedAt, deadline),
    ]);
  } catch (e) {
    process.stderr.write(`k8ts: the cluster did not become ready: ${(e as Error).message}; see ${paths.logs}/\n`);
    return 1;
  }
  process.stdout.write(`k8ts: node ${node} Ready in ${((Date.now() - started) / 1000).toFixed(1)}s (logs in ${paths.logs})\n`);
  process.stdout.write(exportLine(paths) + '\n');
  return 0;
}

async function down(paths: ClusterPaths): Promise<number> {
  const pid = supervisorPid(paths);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(paths.supervisorPid, { force: true });
  // Also after a crash: whatever the node left in the kernel goes.
  if (existsSync(paths.logs)) await cleanupNode(paths.home, newLogger({ component: 'k8ts-down', destination: `${paths.logs}/down.log` }));
  process.stdout.write(pid === undefined ? 'k8ts: not running\n' : 'k8ts: stopped\n');
  return 0;
}

async function status(paths: ClusterPaths): Promise<number> {
  const pid = supervisorPid(paths);
  if (pid === undefined) {
    process.stdout.write('k8ts: not running\n');
    return 1;
  }
  const state = existsSync(paths.state) ? (JSON.parse(readFileSync(paths.state, 'utf8')) as { name: string; pid?: number; restarts: number }[]) : [];
  process.stdout.write(`supervisor  pid ${pid}\n`);
  for (const s of state) process.stdout.write(`${s.name.padEnd(24)} pid ${String(s.pid ?? '-').padEnd(8)} restarts ${s.restarts}\n`);
  return 0;
}

async function supervise(paths: ClusterPaths): Promise<number> {
  const log = newLogger({ component: 'k8ts-supervisor' });
  const sup = new Supervisor(paths.logs, paths.state, log);
  const specs = componentSpecs(config(paths));
  const ac = new AbortController();
  let resolveStop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (resolveStop = r));
  const onSignal = (): void => {
    ac.abort();
    void sup.stop(specs.map((s) => s.name)).then(resolveStop);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await sup.start(specs, ac.signal);
  } catch (e) {
    if (!ac.signal.aborted) {
      log.error({ err: e }, 'start failed');
      onSignal();
    }
  }
  await stopped;
  return 0;
}

/** `k8ts image load ARCHIVE…`: puts `docker save` / OCI-layout tarballs into the node's image store. */
async function imageLoad(paths: ClusterPaths, files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('usage: k8ts image load ARCHIVE [ARCHIVE…]  (a docker save or OCI layout tar)\n');
    return 2;
  }
  const { ImageManager } = await import('../kubelet/images/index.js');
  const images = new ImageManager({ root: join(paths.home, 'kubelet', 'images'), log: newLogger({ component: 'k8ts-image', level: 'warn' }) });
  await images.init();
  for (const f of files) {
    const ids = new Set(await images.loadArchive(f));
    // As `docker load` prints: the names the archive carried, else the image id.
    for (const img of (await images.listImages()).filter((i) => ids.has(i.id))) {
      for (const name of img.repoTags.length > 0 ? img.repoTags : [img.id]) process.stdout.write(`Loaded image: ${name}\n`);
    }
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const paths = clusterPaths();
  switch (argv[0]) {
    case 'up':
      return up(paths);
    case 'down':
      return down(paths);
    case 'status':
      return status(paths);
    case 'supervise':
      return supervise(paths);
    case 'image':
      if (argv[1] === 'load') return imageLoad(paths, argv.slice(2));
      process.stderr.write('usage: k8ts image load ARCHIVE…\n');
      return 2;
    default:
      process.stderr.write('usage: k8ts up|down|status|image load ARCHIVE…\n');
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`k8ts: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
