// kube-proxy flags (Kubernetes' names) parsed into one typed options object.
import { boolFlag, durationFlag, logFlags, logLevelOf, parseFlags, type FlagDefs } from '../apimachinery/component/index.js';
import { hostname } from 'node:os';

export type ProxyMode = 'nftables';

export interface KubeProxyOptions {
  kubeconfig?: string;
  /** API server URL; overrides the kubeconfig's server (--master). */
  master?: string;
  /** Node name (--hostname-override; default: the host name, lower-cased). */
  hostname: string;
  proxyMode: ProxyMode;
  /** Delete our rules and exit (--cleanup). */
  cleanup: boolean;
  /** CIDRs whose local addresses answer NodePorts; empty = every local address. */
  nodePortAddresses: string[];
  /** Pod CIDR; ClusterIP traffic from outside it is masqueraded. */
  clusterCIDR?: string;
  /** host:port of /healthz and /livez; '' or port 0 with host picks a free port; 'off' disables. */
  healthzBindAddress: string;
  /** Full resync interval (--sync-period). */
  syncPeriodMs: number;
  /** Changes within this window are written together (--min-sync-period). */
  minSyncPeriodMs: number;
  /** Run the built-in service load balancer (sets LoadBalancer ingress to node IPs). */
  serviceLB: boolean;
  /** Address the healthCheckNodePort servers listen on ('' = every address). */
  healthCheckBindAddress: string;
  /** Our nftables table (`ip <name>`); not a Kubernetes flag: lets tests run clusters side by side. */
  nftTable: string;
  logLevel: string;
}

export const defaultKubeProxyOptions: KubeProxyOptions = {
  hostname: hostname().toLowerCase(),
  proxyMode: 'nftables',
  cleanup: false,
  nodePortAddresses: [],
  healthzBindAddress: '0.0.0.0:10256',
  syncPeriodMs: 30_000,
  minSyncPeriodMs: 10,
  serviceLB: true,
  nftTable: 'k8ts-proxy',
  healthCheckBindAddress: '',
  logLevel: 'info',
};

function parseMode(s: string): ProxyMode {
  if (s === 'nftables' || s === '') return 'nftables';
  if (s === 'iptables' || s === 'ipvs') {
    throw new Error(`--proxy-mode=${s} is not supported by k8ts: use nftables (one table of our own, written atomically by nft -f)`);
  }
  throw new Error(`unknown --proxy-mode ${JSON.stringify(s)}`);
}

/** kube-proxy's flags (Kubernetes' names, plus k8ts' --service-lb). */
export const kubeProxyFlags = {
  kubeconfig: { type: 'string' },
  master: { type: 'string' },
  'hostname-override': { type: 'string' },
  'proxy-mode': { type: 'string' },
  cleanup: { type: 'boolean' },
  'nodeport-addresses': { type: 'string' },
  'cluster-cidr': { type: 'string' },
  'healthz-bind-address': { type: 'string' },
  'sync-period': { type: 'string' },
  'min-sync-period': { type: 'string' },
  /** A string flag so `--service-lb false` (a separate word) keeps working. */
  'service-lb': { type: 'string' },
  ...logFlags,
} as const satisfies FlagDefs;

export function parseKubeProxyFlags(argv: string[]): KubeProxyOptions {
  const d = defaultKubeProxyOptions;
  const { values } = parseFlags(argv, kubeProxyFlags);
  return {
    kubeconfig: values.kubeconfig,
    master: values.master,
    hostname: (values['hostname-override'] ?? d.hostname).toLowerCase(),
    proxyMode: parseMode(values['proxy-mode'] ?? d.proxyMode),
    cleanup: values.cleanup ?? d.cleanup,
    nodePortAddresses: (values['nodeport-addresses'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    clusterCIDR: values['cluster-cidr'] || undefined,
    healthzBindAddress: values['healthz-bind-address'] ?? d.healthzBindAddress,
    syncPeriodMs: durationFlag('sync-period', values['sync-period'], d.syncPeriodMs),
    minSyncPeriodMs: durationFlag('min-sync-period', values['min-sync-period'], d.minSyncPeriodMs),
    serviceLB: boolFlag('service-lb', values['service-lb'], d.serviceLB),
    nftTable: d.nftTable,
    healthCheckBindAddress: d.healthCheckBindAddress,
    logLevel: logLevelOf(values) ?? d.logLevel,
  };
}
