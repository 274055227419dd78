// Our envtest: a real etcd plus the API server (in-process or as its own process) on free loopback
// ports, a kubeconfig for it, and a runner for the real kubectl with a private cache directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { silentLogger } from '../apimachinery/log.js';
import { defaultApiServerOptions } from '../apiserver/options.js';
import { run } from '../apiserver/server/server.js';
import { freePort } from '../cluster/ports.js';
import { entry } from '../cluster/paths.js';
import { kubeconfigYaml } from '../cluster/components.js';
import { withEtcd, type TestEtcd } from './etcd.js';

export { etcdAvailable, etcdSkipReason } from './etcd.js';

export const kubectlPath = findOnPath('kubectl');
export const kubectlAvailable = kubectlPath !== undefined;
export const kubectlSkipReason = kubectlAvailable ? '' : ' (skipped: the real kubectl is not on the PATH)';

function findOnPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, bin);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestApiServer {
  url: string;
  etcd: TestEtcd;
  dir: string;
  kubeconfigPath: string;
  kubeConfig(): KubeConfig;
  /** Runs the real kubectl against this server (asynchronously: the server may share this process). */
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Runs kubectl in the background (watches); returns the process. */
  kubectlSpawn(args: string[]): ChildProcess;
  /** Stops the API server (in-process or child) but keeps etcd. */
  stopApiServer(): Promise<void>;
  /** Starts the API server again on the same port and etcd. */
  startApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export interface EnvtestOptions {
  /** Run the API server as a separate process (dist/apiserver/main.js) rather than in-process. */
  process?: boolean;
}

export async function startEnvtest(opts: EnvtestOptions = {}): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-envtest-'));
  const etcd = await withEtcd();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(url));
  let stopFn: () => Promise<void> = async () => undefined;

  const startApiServer = async (): Promise<void> => {
    const options = { ...defaultApiServerOptions, etcdServers: etcd.endpoints, securePort: port, logLevel: 'warn' };
    if (opts.process) {
      const log = join(dir, 'apiserver.log');
      const child = spawn(process.execPath, [entry('apiserver'), '--etcd-servers', etcd.endpoints.join(','), '--secure-port', String(port)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await waitReady(url, () => child.exitCode !== null, () => stderr);
      stopFn = async () => {
        child.kill('SIGKILL');
        await exited;
        writeFileSync(log, stderr);
      };
    } else {
      const ac = new AbortController();
      const server = await run(options, ac.signal, silentLogger());
      stopFn = async () => {
        ac.abort();
        await server.done;
      };
    }
  };
  await startApiServer();

  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
  return {
    url,
    etcd,
    dir,
    kubeconfigPath,
    kubeConfig: () => {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      return kc;
    },
    kubectl: (args, o = {}) => runKubectl(args, env, o),
    kubectlSpawn: (args) => spawn(kubectlPath ?? 'kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    stopApiServer: () => stopFn(),
    startApiServer,
    stop: async () => {
      await stopFn();
      await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, failed: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (failed()) throw new Error(`API server exited: ${output()}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`API server not ready: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runKubectl(args: string[], env: NodeJS.ProcessEnv, o: { input?: string; timeoutMs?: number }): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath ?? 'kubectl', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(o.input ?? '');
  });
}
