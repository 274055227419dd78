// The launcher's configuration: `k8ts up` flags → ClusterConfig, saved under $K8TS_HOME/run so
// the supervisor (a separate process) and later `k8ts up` / `status` runs use the same ports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClusterPaths } from './paths.js';
import { freePorts } from './ports.js';
import { repoRoot } from './paths.js';
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

/** Do the API server and kubelet builds take the security flags? (They land in steps.) */
export interface SecuritySupport {
  apiserver: boolean;
  kubelet: boolean;
}

export async function detectSecuritySupport(): Promise<SecuritySupport> {
  const tryParse = async (load: () => Promise<(argv: string[]) => unknown>, argv: string[]): Promise<boolean> => {
    try {
      (await load())(argv);
      return true;
    } catch {
      return false;
    }
  };
  const f = (n: string): string[] => [`--${n}`, 'x'];
  const [apiserverFlags, apiserverServesTLS, kubelet] = await Promise.all([
    tryParse(async () => (await import('../apiserver/options.js')).parseApiServerFlags, [
      '--etcd-servers', 'http://127.0.0.1:1', ...f('tls-cert-file'), ...f('tls-private-key-file'), ...f('client-ca-file'), ...f('service-account-key-file'),
      ...f('service-account-signing-key-file'), '--authorization-mode', 'Node,RBAC', '--enable-bootstrap-token-auth=true', ...f('kubelet-client-certificate'), ...f('kubelet-client-key'),
    ]),
    usesOption(join(repoRoot(), 'dist', 'apiserver', 'server', 'server.js'), 'tlsCertFile'),
    tryParse(async () => (await import('../kubelet/options.js')).parseKubeletFlags, [...f('tls-cert-file'), ...f('tls-private-key-file'), ...f('client-ca-file')]),
  ]);
  return { apiserver: apiserverFlags && apiserverServesTLS, kubelet };
}

/** Transitional (the flags were parsed before the server used them): does `file` read option `name`? */
async function usesOption(file: string, name: string): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  return (await readFile(file, 'utf8').catch(() => '')).includes(name);
}

/** A fresh configuration from the flags, this machine and what the builds support. */
export async function newConfig(paths: ClusterPaths, flags: UpFlags, support: SecuritySupport): Promise<ClusterConfig> {
  const names = ['apiPort', 'etcdClientPort', 'etcdPeerPort', 'kubeletPort', 'schedulerPort', 'proxyHealthzPort', 'dnsPort'] as const;
  const ports = { ...defaultPorts };
  const missing = names.filter((n) => flags[n] === undefined);
  const free = flags.freePorts ? await freePorts(missing.length) : [];
  for (const n of names) ports[n] = flags[n] ?? (flags.freePorts ? free[missing.indexOf(n)]! : defaultPorts[n]);
  const hollowReason = flags.fakeRuntime ? 'asked for with --fake-runtime' : realNodeMissing();
  const secure = !flags.insecure && support.apiserver;
  return {
    paths,
    nodeIP: detectNodeIP(),
    nodeName: hostname().toLowerCase(),
    hollowReason,
    ...ports,
    etcdServers: flags.etcdServers,
    secure,
    kubeletTLS: secure && support.kubelet,
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
