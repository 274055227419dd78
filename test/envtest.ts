// Our envtest: a real etcd plus the API server (in-process or as its own process) on free loopback
// ports, a kubeconfig for it, and a runner for the real kubectl with a private cache directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { silentLogger } from '../apimachinery/log.js';
import { defaultApiServerOptions, type ApiServerOptions } from '../apiserver/options.js';
import { newCA, issueCert, kubeconfigYaml, writeKubeconfigFile, type CA, type KeyPair } from '../apimachinery/pki/index.js';
import { run } from '../apiserver/server/server.js';
import { freePort } from '../cluster/common/ports.js';
import { entry } from '../cluster/common/paths.js';
import { withEtcd, type TestEtcd } from './etcd.js';

export { etcdAvailable, etcdSkipReason } from './etcd.js';
export { freePort };

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
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number; kubeconfig?: string }): Promise<KubectlResult>;
  /** kubectl that must succeed: its stdout, or an Error carrying its stderr. */
  kubectlOk(args: string[], opts?: { input?: string; timeoutMs?: number; kubeconfig?: string }): Promise<string>;
  /** Set with `secure`: the cluster CA and helpers for more identities. */
  pki?: TestPki;
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
  /**
   * HTTPS with a fresh CA (in-process only): serving cert for 127.0.0.1, client CA, ServiceAccount
   * signing keys; the kubeconfig uses an admin client certificate (kubernetes-admin, system:masters).
   */
  secure?: boolean | SecureEnvtestOptions;
}

export interface SecureEnvtestOptions {
  /** More API server options (authorizationMode, tokenAuthFile, enableBootstrapTokenAuth, ...). */
  apiServer?: Partial<ApiServerOptions>;
}

export interface TestPki {
  dir: string;
  ca: CA;
  caFile: string;
  /** A client certificate signed by the cluster CA. */
  clientCert(cn: string, groups?: string[]): Promise<KeyPair>;
  /** Writes a kubeconfig for this server with a token or a client certificate; returns its path. */
  kubeconfig(name: string, creds: { token?: string; cert?: KeyPair }): string;
}

async function makePki(dir: string): Promise<{ pki: TestPki; files: Partial<ApiServerOptions>; admin: KeyPair }> {
  const pkiDir = join(dir, 'pki');
  const ca = await newCA(pkiDir, 'k8ts-test-ca');
  const serving = await issueCert({ ca, cn: 'kube-apiserver', sans: ['127.0.0.1', 'localhost'], usage: 'server' });
  const admin = await issueCert({ ca, cn: 'kubernetes-admin', o: ['system:masters'], usage: 'client' });
  const sa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const f = (n: string, text: string): string => {
    writeFileSync(join(pkiDir, n), text, { mode: 0o600 });
    return join(pkiDir, n);
  };
  const files: Partial<ApiServerOptions> = {
    tlsCertFile: f('apiserver.crt', serving.certPem + ca.certPem),
    tlsPrivateKeyFile: f('apiserver.key', serving.keyPem),
    clientCAFile: join(pkiDir, 'ca.crt'),
    serviceAccountSigningKeyFile: f('sa.key', sa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    serviceAccountKeyFiles: [f('sa.pub', sa.publicKey.export({ type: 'spki', format: 'pem' }).toString())],
  };
  let server = '';
  const pki: TestPki = {
    dir: pkiDir,
    ca,
    caFile: join(pkiDir, 'ca.crt'),
    clientCert: (cn, groups = []) => issueCert({ ca, cn, o: groups, usage: 'client' }),
    kubeconfig: (name, creds) => {
      const path = join(dir, `${name}.kubeconfig`);
      writeKubeconfigFile(path, { server, caPem: ca.certPem, token: creds.token, clientCertPem: creds.cert?.certPem, clientKeyPem: creds.cert?.keyPem, namespace: 'default' });
      return path;
    },
  };
  return { pki: Object.assign(pki, { setServer: (u: string) => (server = u) }), files, admin };
}

export async function startEnvtest(opts: EnvtestOptions = {}): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-envtest-'));
  const etcd = await withEtcd();
  const port = await freePort();
  const secure = opts.secure ? (opts.secure === true ? {} : opts.secure) : undefined;
  if (secure && opts.process) throw new Error('startEnvtest: secure is supported in-process only');
  const tls = secure ? await makePki(dir) : undefined;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  if (tls) {
    (tls.pki as TestPki & { setServer(u: string): void }).setServer(url);
    writeKubeconfigFile(kubeconfigPath, { server: url, caPem: tls.pki.ca.certPem, clientCertPem: tls.admin.certPem, clientKeyPem: tls.admin.keyPem, namespace: 'default' });
  } else writeFileSync(kubeconfigPath, kubeconfigYaml({ server: url, user: 'admin', namespace: 'default' }));
  let stopFn: () => Promise<void> = async () => undefined;

  const startApiServer = async (): Promise<void> => {
    const options: ApiServerOptions = { ...defaultApiServerOptions, etcdServers: etcd.endpoints, securePort: port, logLevel: 'warn', ...tls?.files, ...secure?.apiServer };
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
    kubectl: (args, o = {}) => runKubectl(args, o.kubeconfig ? { ...env, KUBECONFIG: o.kubeconfig } : env, o),
    kubectlOk: async (args, o = {}) => {
      const r = await runKubectl(args, o.kubeconfig ? { ...env, KUBECONFIG: o.kubeconfig } : env, o);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    pki: tls?.pki,
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
