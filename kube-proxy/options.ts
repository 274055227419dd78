// kube-proxy flags (Kubernetes' names) parsed into one typed options object.
import { parseArgs } from 'node:util';
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

/** Go-style durations as kube-proxy takes them: `30s`, `100ms`, `1m`, `1h`. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration ${JSON.stringify(s)} (want e.g. 30s, 100ms)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

function parseMode(s: string): ProxyMode {
  if (s === 'nftables' || s === '') return 'nftables';
  if (s === 'iptables' || s === 'ipvs') {
    throw new Error(`--proxy-mode=${s} is not supported by k8ts: use nftables (one table of our own, written atomically by nft -f)`);
  }
  throw new Error(`unknown --proxy-mode ${JSON.stringify(s)}`);
}

export function parseKubeProxyFlags(argv: string[]): KubeProxyOptions {
  const d = defaultKubeProxyOptions;
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      master: { type: 'string' },
      'hostname-override': { type: 'string' },
      'proxy-mode': { type: 'string', default: d.proxyMode },
      cleanup: { type: 'boolean', default: false },
      'nodeport-addresses': { type: 'string', default: '' },
      'cluster-cidr': { type: 'string' },
      'healthz-bind-address': { type: 'string', default: d.healthzBindAddress },
      'sync-period': { type: 'string', default: '30s' },
      'min-sync-period': { type: 'string', default: '10ms' },
      'service-lb': { type: 'string', default: 'true' },
      v: { type: 'string' },
      'log-level': { type: 'string', default: d.logLevel },
    },
    strict: true,
  });
  const lb = values['service-lb']!;
  if (lb !== 'true' && lb !== 'false') throw new Error('--service-lb must be true or false');
  return {
    kubeconfig: values.kubeconfig,
    master: values.master,
    hostname: (values['hostname-override'] ?? d.hostname).toLowerCase(),
    proxyMode: parseMode(values['proxy-mode']!),
    cleanup: values.cleanup!,
    nodePortAddresses: values['nodeport-addresses']!.split(',').map((s) => s.trim()).filter(Boolean),
    clusterCIDR: values['cluster-cidr'] || undefined,
    healthzBindAddress: values['healthz-bind-address']!,
    syncPeriodMs: parseDuration(values['sync-period']!),
    minSyncPeriodMs: parseDuration(values['min-sync-period']!),
    serviceLB: lb === 'true',
    nftTable: d.nftTable,
    healthCheckBindAddress: d.healthCheckBindAddress,
    logLevel: values.v !== undefined ? (Number(values.v) >= 4 ? 'debug' : 'info') : values['log-level']!,
  };
}
