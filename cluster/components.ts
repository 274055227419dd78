// The processes of a one-node cluster, in start order, with how to tell each is ready. Secure
// mode (the default once the API server supports it): TLS, client certificates per component,
// Node,RBAC; otherwise the old plain-HTTP cluster with the admin kubeconfig for everyone.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentSpec } from './common/supervisor.js';
import { entry, launchPreloads, repoRoot, type ClusterPaths } from './common/paths.js';
import { findEtcdBinary } from './etcd.js';
import type { ClusterConfig } from './common/config.js';
import { pkiLayout } from './pki.js';
import { waitHealthy } from './probe.js';
import { launchArgv } from './launch.js';
import { kubeconfigYaml } from '../apimachinery/pki/index.js';

export type { ClusterConfig } from './common/config.js';

/** Kept for callers of the plain-HTTP launcher: polls `url` until it answers 200. */
export async function waitHttpOk(url: string, signal: AbortSignal, timeoutMs = 60_000): Promise<void> {
  await waitHealthy(url, signal, { timeoutMs });
}

/** The API server's URL as the launcher and the node's components reach it. */
export function apiURL(cfg: ClusterConfig): string {
  return `${cfg.secure ? 'https' : 'http'}://127.0.0.1:${cfg.apiPort}`;
}

/** The API server flags for TLS, authentication and authorization (empty in plain-HTTP mode). */
export function apiserverSecurityArgs(cfg: ClusterConfig): string[] {
  if (!cfg.secure) return ['--bind-address', '127.0.0.1'];
  const p = pkiLayout(cfg);
  return [
    '--bind-address', '0.0.0.0', '--advertise-address', cfg.nodeIP,
    '--tls-cert-file', p.apiserverCert, '--tls-private-key-file', p.apiserverKey, '--client-ca-file', p.caCert,
    '--service-account-key-file', p.saPub, '--service-account-signing-key-file', p.saKey,
    '--authorization-mode', 'Node,RBAC', '--enable-bootstrap-token-auth=true',
    ...(cfg.kubeletTLS ? ['--kubelet-client-certificate', p.kubeletClientCert, '--kubelet-client-key', p.kubeletClientKey, '--kubelet-certificate-authority', p.caCert] : []),
  ];
}

/** Written by `k8ts up` once $K8TS_HOME/pki and the kubeconfigs are complete. */
export const pkiReadyMarker = (paths: ClusterPaths): string => join(paths.run, 'pki-ready');

async function waitForFile(path: string, signal: AbortSignal, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (signal.aborted) throw new Error('aborted');
    if (Date.now() > deadline) throw new Error(`${path} did not appear in ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** V8 flags for every Node component: a small young generation keeps idle processes small. */
export const v8Flags = ['--max-semi-space-size=1'];

export function componentSpecs(cfg: ClusterConfig): ComponentSpec[] {
  const specs: ComponentSpec[] = [];
  const node = process.execPath;
  let etcdServers = cfg.etcdServers;
  if (!etcdServers) {
    const etcd = findEtcdBinary();
    if (!etcd) throw new Error('etcd not found: install the Debian package etcd-server (npm start does this when run as root)');
    const client = `http://127.0.0.1:${cfg.etcdClientPort}`;
    const peer = `http://127.0.0.1:${cfg.etcdPeerPort}`;
    etcdServers = [client];
    specs.push({
      name: 'etcd',
      command: etcd,
      args: ['--name', 'k8ts', '--data-dir', cfg.paths.etcdData, '--listen-client-urls', client, '--advertise-client-urls', client,
        '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `k8ts=${peer}`,
        '--listen-metrics-urls', 'http://127.0.0.1:0', '--log-level', 'warn'],
      ready: (signal) => waitHealthy(`${client}/health`, signal),
    });
  }
  const api = apiURL(cfg);
  const p = pkiLayout(cfg);
  specs.push({
    name: 'kube-apiserver',
    command: node,
    args: [...v8Flags, entry('apiserver'), '--etcd-servers', etcdServers.join(','), '--secure-port', String(cfg.apiPort),
      '--scheduler-healthz-url', `http://127.0.0.1:${cfg.schedulerPort}/healthz`, ...apiserverSecurityArgs(cfg)],
    // `k8ts up` makes the PKI while etcd starts, and marks it done.
    before: cfg.secure ? (signal) => waitForFile(pkiReadyMarker(cfg.paths), signal) : undefined,
    // Only for the log: poll gently, the components waiting on the API server poll fast.
    ready: (signal) => waitHealthy(`${api}/readyz`, signal, { ca: cfg.secure ? readFileSync(p.caCert, 'utf8') : undefined, timeoutMs: 600_000, intervalMs: 250 }),
    readyInBackground: true,
  });
  // Everything else starts with the API server and runs once it answers (cluster/launch.ts).
  const afterApi = (name: string, main: string, preload: string, args: string[]): ComponentSpec => ({
    name,
    command: node,
    args: [...v8Flags, entry('cluster').replace(/main\.js$/, 'launch.js'), ...launchArgv({ wait: `${api}/readyz`, ca: cfg.secure ? p.caCert : undefined, nice: process.getuid?.() === 0 ? 10 : undefined, preload: launchPreloads(main, preload), entry: main, args })],
  });
  const kubeconfig = (secureKc: string): string[] => ['--kubeconfig', cfg.secure ? secureKc : cfg.paths.kubeconfig];
  const signing = cfg.secure ? ['--cluster-signing-cert-file', p.caCert, '--cluster-signing-key-file', p.caKey, '--root-ca-file', p.caCert] : [];
  const lib = (path: string): string => join(repoRoot(), 'dist', path);
  specs.push(afterApi('kube-controller-manager', entry('controllers'), lib('controllers/manager.js'), [...kubeconfig(p.kubeconfigs.controllerManager), '--cluster-cidr', '10.244.0.0/16', '--allocate-node-cidrs=true', ...signing]));
  specs.push(afterApi('kube-scheduler', entry('scheduler'), lib('scheduler/run.js'), [...kubeconfig(p.kubeconfigs.scheduler), '--secure-port', String(cfg.schedulerPort)]));
  // The first node takes the first /24 of the cluster CIDR itself instead of waiting for node IPAM
  // (which then counts it as used); joining nodes get theirs from the controller-manager.
  const kubeletArgs = [...kubeconfig(p.kubeconfigs.kubelet), '--node-name', cfg.nodeName, '--node-ip', cfg.nodeIP, '--port', String(cfg.kubeletPort),
    '--root-dir', join(cfg.paths.home, 'kubelet'), '--cluster-dns', '10.96.0.10', '--pod-cidr', '10.244.0.0/24',
    ...(cfg.kubeletTLS ? ['--tls-cert-file', p.kubeletServingCert, '--tls-private-key-file', p.kubeletServingKey, '--client-ca-file', p.caCert] : [])];
  if (cfg.hollowReason) {
    specs.push(afterApi('kubelet', entry('kubelet'), lib('kubelet/kubelet.js'), [...kubeletArgs, '--runtime', 'fake']));
    return specs;
  }
  specs.push(afterApi('kubelet', entry('kubelet'), lib('kubelet/kubelet.js'), [...kubeletArgs, '--runtime', 'runc']));
  specs.push(afterApi('kube-proxy', entry('kube-proxy'), lib('kube-proxy/server.js'), [...kubeconfig(p.kubeconfigs.kubeProxy), '--hostname-override', cfg.nodeName,
    '--cluster-cidr', '10.244.0.0/16', '--healthz-bind-address', `0.0.0.0:${cfg.proxyHealthzPort}`]));
  specs.push(afterApi('cluster-dns', entry('kube-proxy/dns'), lib('kube-proxy/dns/server.js'), [...kubeconfig(p.kubeconfigs.kubeProxy), '--listen', `${cfg.nodeIP}:${cfg.dnsPort}`]));
  return specs;
}

/** Plain-HTTP mode's admin kubeconfig, written atomically (`k8ts up` and the supervisor both write it). */
export function writeKubeconfig(path: string, server: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, kubeconfigYaml({ server, user: 'admin', namespace: 'default' }));
  renameSync(tmp, path);
}

export const logPath = (paths: ClusterPaths, name: string): string => join(paths.logs, `${name}.log`);
