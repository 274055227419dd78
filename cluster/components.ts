// The processes of a one-node cluster, in start order, with how to tell each is ready.
import { join } from 'node:path';
import type { ComponentSpec } from './supervisor.js';
import { entry, type ClusterPaths } from './paths.js';
import { findEtcdBinary } from './etcd.js';

export interface ClusterConfig {
  paths: ClusterPaths;
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
    ready: (signal) => waitHttpOk(`${api}/readyz`, signal),
  });
  return specs;
}

export function kubeconfigYaml(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: k8ts',
    '  cluster:',
    `    server: ${server}`,
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
