// The launcher's configuration: `k8ts up` flags → ClusterConfig, saved under $K8TS_HOME/run so
// the supervisor (a separate process) and later `k8ts up` / `status` runs use the same ports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClusterPaths } from './paths.js';
import { freePorts } from './ports.js';
import { detectNodeIP, realNodeMissing } from './host.js';

export interface ClusterConfig {
  paths: ClusterPaths;
  nodeIP: string;
  nodeName: string;
  /** Why the node cannot run real pods (then it runs the fake runtime), or undefined. */
  hollowReason?: string;
  apiPort: number;
  etcdClientPort: number;
  etcdPeerPort: number;
  etcdServers?: string[];
  kubeletPort: number;
  schedulerPort: number;
  proxyHealthzPort: number;
  dnsPort: number;
  /** TLS + authentication + Node,RBAC (off only with --insecure or an API server without them). */
  secure: boolean;
  /** The kubelet serves HTTPS with a cert signed by the cluster CA and checks client certs. */
  kubeletTLS: boolean;
}

/** What `k8ts up` was asked for (before defaults and detection). */
export interface UpFlags {
  apiPort?: number;
  etcdClientPort?: number;
  etcdPeerPort?: number;
  kubeletPort?: number;
  schedulerPort?: number;
  proxyHealthzPort?: number;
  dnsPort?: number;
  etcdServers?: string[];
  /** Every port not given picks a free one (tests, benches: several clusters on one machine). */
  freePorts: boolean;
  insecure: boolean;
  /** Run the node with the fake runtime even when runc could run. */
  fakeRuntime: boolean;
}

export const defaultPorts = { apiPort: 6443, etcdClientPort: 2379, etcdPeerPort: 2380, kubeletPort: 10250, schedulerPort: 10259, proxyHealthzPort: 10256, dnsPort: 53 };

function port(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`--${name}: expected a port number, got ${JSON.stringify(v)}`);
  return n;
}

export function parseUpFlags(argv: string[]): UpFlags {
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args: argv,
    options: {
      'api-port': str, 'etcd-client-port': str, 'etcd-peer-port': str, 'kubelet-port': str, 'scheduler-port': str,
      'proxy-healthz-port': str, 'dns-port': str, 'etcd-servers': str,
      'free-ports': { type: 'boolean' }, insecure: { type: 'boolean' }, 'fake-runtime': { type: 'boolean' },
    },
    strict: true,
  });
  return {
    apiPort: port('api-port', v['api-port']),
    etcdClientPort: port('etcd-client-port', v['etcd-client-port']),
    etcdPeerPort: port('etcd-peer-port', v['etcd-peer-port']),
    kubeletPort: port('kubelet-port', v['kubelet-port']),
    schedulerPort: port('scheduler-port', v['scheduler-port']),
    proxyHealthzPort: port('proxy-healthz-port', v['proxy-healthz-port']),
    dnsPort: port('dns-port', v['dns-port']),
    etcdServers: v['etcd-servers']?.split(',').map((s) => s.trim()).filter(Boolean),
    freePorts: v['free-ports'] ?? false,
    insecure: v.insecure ?? false,
    fakeRuntime: v['fake-runtime'] ?? false,
  };
}

/**
 * A fresh configuration from the flags and this machine. Secure unless --insecure: the API server
 * and kubelet of this build take the security flags (cluster/config.test.ts checks every flag the
 * launcher passes against each component's exported flag definitions).
 */
export async function newConfig(paths: ClusterPaths, flags: UpFlags): Promise<ClusterConfig> {
  const names = ['apiPort', 'etcdClientPort', 'etcdPeerPort', 'kubeletPort', 'schedulerPort', 'proxyHealthzPort', 'dnsPort'] as const;
  const ports = { ...defaultPorts };
  const missing = names.filter((n) => flags[n] === undefined);
  const free = flags.freePorts ? await freePorts(missing.length) : [];
  for (const n of names) ports[n] = flags[n] ?? (flags.freePorts ? free[missing.indexOf(n)]! : defaultPorts[n]);
  const hollowReason = flags.fakeRuntime ? 'asked for with --fake-runtime' : realNodeMissing();
  const secure = !flags.insecure;
  return {
    paths,
    nodeIP: detectNodeIP(),
    nodeName: hostname().toLowerCase(),
    hollowReason,
    ...ports,
    etcdServers: flags.etcdServers,
    secure,
    kubeletTLS: secure,
  };
}

const configFile = (paths: ClusterPaths): string => join(paths.run, 'config.json');

export function saveConfig(cfg: ClusterConfig): void {
  const { paths, ...rest } = cfg;
  writeFileSync(configFile(paths), JSON.stringify(rest, null, 2));
}

/** The configuration the running (or last) cluster was started with, if any. */
export function loadConfig(paths: ClusterPaths): ClusterConfig | undefined {
  if (!existsSync(configFile(paths))) return undefined;
  return { ...(JSON.parse(readFileSync(configFile(paths), 'utf8')) as Omit<ClusterConfig, 'paths'>), paths };
}
