#!/usr/bin/env node
// The `k8ts` CLI: up, down, status (and the internal `supervise`). `npm start` = `k8ts up`,
// `npm stop` = `k8ts down`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runMain } from '../apimachinery/component/index.js';
import { newLogger } from '../apimachinery/log.js';
import { clusterPaths, repoRoot, type ClusterPaths } from './common/paths.js';
import { apiURL, componentSpecs, pkiReadyMarker, writeKubeconfig } from './components.js';
import { Supervisor } from './common/supervisor.js';
import { loadConfig, newConfig, parseUpFlags, saveConfig, type UpFlags } from './common/config.js';
import { ensureClusterPKI, pkiLayout } from './pki.js';
import { probeOnce, waitHealthy } from './probe.js';

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

/** Rejects as soon as the supervisor process is gone (it gives up when a component never gets ready). */
function watchSupervisor(paths: ClusterPaths): { promise: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (supervisorPid(paths) === undefined) reject(new Error('the supervisor stopped (a component failed to start)'));
    }, 250);
  });
  promise.catch(() => undefined);
  return { promise, stop: () => clearInterval(timer) };
}

async function up(paths: ClusterPaths, argv: string[]): Promise<number> {
  let flags: UpFlags;
  try {
    flags = parseUpFlags(argv);
  } catch (e) {
    process.stderr.write(`k8ts up: ${(e as Error).message}\n`);
    return 2;
  }
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const running = supervisorPid(paths) !== undefined;
  const t0 = Date.now();
  const progress = (msg: string): void => {
    if (process.stdout.isTTY || process.env.K8TS_PROGRESS === '1') process.stdout.write(`k8ts: ${msg} (${((Date.now() - t0) / 1000).toFixed(2)}s)\n`);
  };
  // A running cluster keeps the configuration (ports, security) it was started with.
  const cfg = (running ? loadConfig(paths) : undefined) ?? (await newConfig(paths, flags));
  progress(`configuration ready (${cfg.secure ? 'TLS, Node,RBAC' : 'plain HTTP'})`);
  // A fresh start waits for leases renewed by this start; a running cluster's are at most a lease old.
  const startedAt = new Date(Date.now() - (running ? 15_000 : 0));
  if (!running) {
    const ports: [string, number][] = [['API server', cfg.apiPort], ['scheduler', cfg.schedulerPort]];
    if (!cfg.etcdServers) ports.push(['etcd client', cfg.etcdClientPort], ['etcd peer', cfg.etcdPeerPort]);
    for (const [what, port] of ports) {
      if (!(await portFree(port))) {
        process.stderr.write(`k8ts: port ${port} (${what}) is already in use; stop what holds it or run 'npm stop'\n`);
        return 1;
      }
    }
    if (!cfg.secure) process.stderr.write('k8ts: this API server build has no TLS/authentication flags yet (or --insecure was given): plain HTTP, no authentication\n');
    saveConfig(cfg);
    // Plain-HTTP mode: every component uses the admin kubeconfig, so it must exist before they start.
    if (!cfg.secure) writeKubeconfig(paths.kubeconfig, apiURL(cfg));
    rmSync(pkiReadyMarker(paths), { force: true });
    // The supervisor starts etcd while the PKI is made here; the API server waits for the marker.
    const out = openSync(`${paths.logs}/supervisor.log`, 'a');
    const child = spawn(process.execPath, [process.argv[1]!, 'supervise'], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, K8TS_HOME: paths.home } });
    child.unref();
    writeFileSync(paths.supervisorPid, String(child.pid));
    if (cfg.secure) {
      try {
        await ensureClusterPKI(cfg);
      } catch (e) {
        process.kill(child.pid!, 'SIGTERM');
        process.stderr.write(`k8ts: making the cluster PKI in ${pkiLayout(cfg).dir} failed: ${(e as Error).message}\n`);
        return 1;
      }
      writeFileSync(pkiReadyMarker(paths), '');
      progress(`cluster PKI ready in ${pkiLayout(cfg).dir}`);
    }
    progress('starting etcd and the control plane');
  }
  // client-node takes a while to load: load it while the control plane starts (not earlier: the
  // cluster PKI is made in this process, and the API server waits for it).
  const apiHelpers = Promise.all([import('./node.js'), import('../apimachinery/client.js')]);
  apiHelpers.catch(() => undefined);
  const started = Date.now();
  if (cfg.hollowReason) process.stderr.write(`k8ts: the node runs the fake runtime (no real containers): ${cfg.hollowReason}\n`);
  let node: string;
  try {
    const ca = cfg.secure ? readFileSync(pkiLayout(cfg).caCert, 'utf8') : undefined;
    const supervisorGone = watchSupervisor(paths);
    await Promise.race([waitHealthy(`${apiURL(cfg)}/readyz`, AbortSignal.timeout(180_000), { ca, timeoutMs: 180_000, intervalMs: 50 }), supervisorGone.promise]);
    progress('API server ready');
    if (!cfg.secure) writeKubeconfig(paths.kubeconfig, apiURL(cfg));
    const [{ ensureDnsService, waitNodeReady, waitLeaseRenewed }, { loadKubeConfig }] = await apiHelpers;
    const kc = loadKubeConfig({ kubeconfig: paths.kubeconfig });
    const deadline = AbortSignal.timeout(90_000);
    const dns = cfg.hollowReason ? Promise.resolve() : ensureDnsService(kc, '10.96.0.10', cfg.nodeIP, cfg.dnsPort);
    [node] = await Promise.race([Promise.all([
      waitNodeReady(kc, deadline).then((n) => (progress(`node ${n} Ready`), n)),
      waitLeaseRenewed(kc, 'kube-scheduler', startedAt, deadline).then(() => progress('scheduler leading')),
      waitLeaseRenewed(kc, 'kube-controller-manager', startedAt, deadline).then(() => progress('controller-manager leading')),
      dns,
    ]), supervisorGone.promise]);
    supervisorGone.stop();
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
  const { cleanupNode } = await import('./common/cleanup.js');
  if (existsSync(paths.logs)) await cleanupNode(paths.home, newLogger({ component: 'k8ts-down', destination: openSync(`${paths.logs}/down.log`, 'a') }));
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
  const cfg = loadConfig(paths);
  if (cfg) {
    const ca = cfg.secure && existsSync(pkiLayout(cfg).caCert) ? readFileSync(pkiLayout(cfg).caCert, 'utf8') : undefined;
    const code = await probeOnce(`${apiURL(cfg)}/readyz`, { ca });
    process.stdout.write(`api server  ${apiURL(cfg)} ${code === 200 ? 'ready' : `not ready (${code || 'no answer'})`}${cfg.secure ? ' (TLS, Node,RBAC)' : ' (plain HTTP)'}\n`);
  }
  process.stdout.write(`supervisor  pid ${pid}\n`);
  for (const s of state) process.stdout.write(`${s.name.padEnd(24)} pid ${String(s.pid ?? '-').padEnd(8)} restarts ${s.restarts}\n`);
  return 0;
}

async function supervise(paths: ClusterPaths): Promise<number> {
  const log = newLogger({ component: 'k8ts-supervisor' });
  const sup = new Supervisor(paths.logs, paths.state, log);
  const cfg = loadConfig(paths);
  if (!cfg) throw new Error(`no ${paths.run}/config.json: start the cluster with 'k8ts up'`);
  const specs = componentSpecs(cfg);
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
  const { ImageManager } = await import('../kubelet/index.js');
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

/** `k8ts kubectl …`: the bundled mini-kubectl (kubectl/), on this cluster unless KUBECONFIG says otherwise. */
async function kubectl(paths: ClusterPaths, args: string[]): Promise<number> {
  const env = { ...process.env, KUBECONFIG: process.env.KUBECONFIG ?? paths.kubeconfig };
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'kubectl', 'main.js'), ...args], { stdio: 'inherit', env });
  const forward = (sig: NodeJS.Signals): void => {
    child.kill(sig);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1))));
}

async function main(argv: string[]): Promise<number> {
  const paths = clusterPaths();
  switch (argv[0]) {
    case 'up':
      return up(paths, argv.slice(1));
    case 'down':
      // Under `ip netns exec` (a joined node on this machine) runc and the cgroup clean-up need the cgroup mounts back.
      await (await import('./join/index.js')).ensureCgroupMounts();
      {
        // A node added with `k8ts join` (run/node.json) stops through its own supervisor.
        const joined = await import('./join/index.js');
        const node = joined.loadNodeConfig(paths);
        if (node) return joined.downNode(paths, node);
      }
      return down(paths);
    case 'status':
      return status(paths);
    case 'supervise':
      return supervise(paths);
    case 'token':
      if (argv[1] === 'create') return (await import('./join/index.js')).tokenCreate(paths, argv.slice(2));
      process.stderr.write('usage: k8ts token create [--ttl 24h]\n');
      return 2;
    case 'join':
      return (await import('./join/index.js')).join(paths, argv.slice(1));
    case 'supervise-node':
      return (await import('./join/index.js')).superviseNode(paths);
    case 'kubectl':
      return kubectl(paths, argv.slice(1));
    case 'image':
      if (argv[1] === 'load') return imageLoad(paths, argv.slice(2));
      process.stderr.write('usage: k8ts image load ARCHIVE…\n');
      return 2;
    default:
      process.stderr.write('usage: k8ts up|down|status|token create|join URL …|image load ARCHIVE…|kubectl …\n');
      return 2;
  }
}

// Each command handles signals itself (supervise stops its children, kubectl forwards them).
void runMain('k8ts', () => process.argv.slice(2), (argv) => main(argv), { signals: false });
