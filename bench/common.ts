// What several benches share: a fixed-concurrency work pool, percentiles, stopping a child
// process, and a throw-away control plane (etcd + a plain-HTTP API server process) with a
// kubeconfig for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kubeconfigYaml } from '../apimachinery/pki/index.js';
import { entry, freePort, startEtcd, waitHttpOk } from '../cluster/index.js';

/** Runs fn(0) … fn(n-1) with at most `concurrency` in flight; the seconds it took. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
  return (performance.now() - start) / 1000;
}

/** The p-th percentile (nearest rank) of `xs`, sorted or not; NaN for none. */
export function pct(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone (or the grace ran out). */
export async function stopProcess(p: ChildProcess, graceMs = 10_000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, graceMs))]);
  if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

export interface BenchControlPlane {
  /** A fresh temporary directory (etcd's data is in it); removed by stop(). */
  dir: string;
  url: string;
  /** dir/kubeconfig for `url` (plain HTTP, no credentials). */
  kubeconfig: string;
  stop(): Promise<void>;
}

/** etcd and an API server process (the bundle when built) on free ports, ready to serve. */
export async function startControlPlane(prefix: string): Promise<BenchControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const etcd = await startEtcd({ dataDir: join(dir, 'etcd') });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigYaml({ server: url }));
  const api = spawn(process.execPath, [entry('apiserver'), '--etcd-servers', etcd.endpoints.join(','), '--secure-port', String(port), '--log-level', 'warn'], { stdio: 'inherit' });
  const stop = async (): Promise<void> => {
    await stopProcess(api);
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHttpOk(`${url}/readyz`, AbortSignal.timeout(30_000));
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, url, kubeconfig, stop };
}
