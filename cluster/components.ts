// The processes of a one-node cluster, in start order, with how to tell each is ready.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentSpec } from './supervisor.js';
import { entry, repoRoot, type ClusterPaths } from './paths.js';
import { findEtcdBinary } from './etcd.js';

export interface ClusterConfig {
  paths: ClusterPaths;
  nodeIP: string;
  /** Why the node cannot run real pods (then it runs the fake runtime), or undefined. */
  hollowReason?: string;
  apiPort: number;
  etcdClientPort: number;
  etcdPeerPort: number;
  etcdServers?: string[];
}

export async function waitHttpOk(url: string, signal: AbortSignal, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) throw new Error('aborted');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become ready in ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
      ready: (signal) => waitHttpOk(`${client}/health`, signal),
    });
  }
  const api = `http://127.0.0.1:${cfg.apiPort}`;
  specs.push({
    name: 'kube-apiserver',
    command: node,
    args: [entry('apiserver'), '--etcd-servers', etcdServers.join(','), '--secure-port', String(cfg.apiPort), '--bind-address', '127.0.0.1'],
    ready: async (signal) => {
      await waitHttpOk(`${api}/readyz`, signal);
      // The control plane's clients use the admin kubeconfig until per-component identities exist.
      writeKubeconfig(cfg.paths.kubeconfig, api);
    },
  });
  const kubeconfig = ['--kubeconfig', cfg.paths.kubeconfig];
  specs.push({ name: 'kube-controller-manager', command: node, args: [entry('controllers'), ...kubeconfig, '--cluster-cidr', '10.244.0.0/16', '--allocate-node-cidrs=true'] });
  specs.push({ name: 'kube-scheduler', command: node, args: [entry('scheduler'), ...kubeconfig, '--secure-port', '10259'] });
  // The first node takes the first /24 of the cluster CIDR itself instead of waiting for node IPAM
  // (which then counts it as used); joining nodes get theirs from the controller-manager.
  const kubeletArgs = [entry('kubelet'), ...kubeconfig, '--node-ip', cfg.nodeIP, '--root-dir', join(cfg.paths.home, 'kubelet'), '--cluster-dns', '10.96.0.10', '--pod-cidr', '10.244.0.0/24'];
  if (cfg.hollowReason) {
    specs.push({ name: 'kubelet', command: node, args: [...kubeletArgs, '--runtime', 'fake'] });
    return specs;
  }
  specs.push({ name: 'kubelet', command: node, args: [...kubeletArgs, '--runtime', 'runc'] });
  specs.push({ name: 'kube-proxy', command: node, args: [entry('kube-proxy'), ...kubeconfig, '--cluster-cidr', '10.244.0.0/16'] });
  specs.push({ name: 'cluster-dns', command: node, args: [join(repoRoot(), 'dist', 'kube-proxy', 'dns', 'main.js'), ...kubeconfig, '--listen', `${cfg.nodeIP}:53`] });
  return specs;
}

/** Written atomically: `k8ts up` and the supervisor both write it and readers must never see half. */
export function writeKubeconfig(path: string, server: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, kubeconfigYaml(server));
  renameSync(tmp, path);
}

export function kubeconfigYaml(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: k8ts',
    '  cluster:',
    `    server: ${server}`,
    // Plain HTTP until the cluster CA exists; client-node refuses http:// without this flag.
    ...(server.startsWith('http://') ? ['    insecure-skip-tls-verify: true'] : []),
    'users:',
    '- name: admin',
    '  user: {}',
    'contexts:',
    '- name: k8ts',
    '  context:',
    '    cluster: k8ts',
    '    user: admin',
    '    namespace: default',
    'current-context: k8ts',
    '',
  ].join('\n');
}

export const logPath = (paths: ClusterPaths, name: string): string => join(paths.logs, `${name}.log`);
