// Kubelet options: Kubernetes' flag names (--kubeconfig, --node-name, --root-dir, --pod-cidr, …)
// parsed into one typed object that run() takes.
import { hostname } from 'node:os';
import { logFlags, logLevelOf, parseFlags, type FlagDefs } from '../apimachinery/component/index.js';

export type RuntimeKind = 'runc' | 'fake';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface KubeletOptions {
  kubeconfig?: string;
  /** API server URL when no kubeconfig is given. */
  server?: string;
  nodeName: string;
  /** InternalIP reported in Node.status.addresses; also where the kubelet server is reached. */
  nodeIP: string;
  rootDir: string;
  /** Pod CIDR for this node; else Node.spec.podCIDR (assigned by the controller-manager). */
  podCIDR?: string;
  runtime: RuntimeKind;
  maxPods: number;
  registerWithTaints: Taint[];
  nodeLabels: Record<string, string>;
  /** Kubelet server port (10250); 0 picks a free port. */
  port: number;
  /** Address the kubelet server binds to. */
  address: string;
  /** >0: host this many hollow kubelets (fake runtime) in one process. */
  hollowNodes: number;
  clusterDNS: string[];
  clusterDomain: string;
  /** Overrides of the measured capacity, e.g. {cpu: "4", memory: "8Gi"}. */
  capacity: Record<string, string>;
  logLevel: string;
  /** How often the runtime is relisted to notice container changes (PLEG). */
  plegPeriodMs: number;
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  leaseDurationSeconds: number;
  /** CRI log rotation: rotate a container's log past this many bytes (--container-log-max-size, 10Mi). */
  containerLogMaxSize: number;
  /** Files kept per container, the live one included (--container-log-max-files, 5). */
  containerLogMaxFiles: number;
  /** How often log sizes are checked (Kubernetes: every 10 s). */
  containerLogMonitorIntervalMs: number;
  /** The CNI bridge and network name (k8ts-specific; default k8ts0 / k8ts). */
  cniBridge?: string;
  cniNetworkName?: string;
  /** Serving certificate and key (PEM files) of the kubelet server: HTTPS on --port when set. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /**
   * Client CA (PEM file): requests must present a certificate it signed (user CN, groups O), and
   * the user must be allowed nodes/proxy (etc.) by the API server (SubjectAccessReview).
   */
  clientCAFile?: string;
}

export const defaultKubeletOptions: Omit<KubeletOptions, 'nodeName'> = {
  nodeIP: '127.0.0.1',
  rootDir: '/var/lib/k8ts/kubelet',
  runtime: 'runc',
  maxPods: 110,
  registerWithTaints: [],
  nodeLabels: {},
  port: 10250,
  address: '127.0.0.1',
  hollowNodes: 0,
  clusterDNS: [],
  clusterDomain: 'cluster.local',
  capacity: {},
  logLevel: 'info',
  plegPeriodMs: 1000,
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  leaseDurationSeconds: 40,
  containerLogMaxSize: 10 * 1024 * 1024,
  containerLogMaxFiles: 5,
  containerLogMonitorIntervalMs: 10_000,
};

/** A byte size as the kubelet's flags take it ("10Mi", "512Ki", "1G", "4096"). */
export function parseByteSize(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(v.trim());
  if (!m) throw new Error(`--${name} must be a size like 10Mi, got "${v}"`);
  const mult: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1000, M: 1000 ** 2, G: 1000 ** 3 };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

/** "k=v,k2=v2" → record. */
export function parseKeyValues(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`invalid key=value pair "${part}"`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

/** "key=value:Effect,key2:Effect" (as --register-with-taints) → taints. */
export function parseTaints(s: string | undefined): Taint[] {
  const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  return (s ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const colon = p.lastIndexOf(':');
    const effect = colon > 0 ? p.slice(colon + 1) : '';
    if (!effects.includes(effect)) throw new Error(`invalid taint "${p}": effect must be one of ${effects.join(', ')}`);
    const kv = p.slice(0, colon);
    const eq = kv.indexOf('=');
    const key = eq >= 0 ? kv.slice(0, eq) : kv;
    if (!key) throw new Error(`invalid taint "${p}": empty key`);
    return { key, ...(eq >= 0 ? { value: kv.slice(eq + 1) } : {}), effect: effect as Taint['effect'] };
  });
}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

const str = { type: 'string' } as const;

/** The kubelet's flags (Kubernetes' names, plus k8ts' --runtime, --hollow-nodes, --capacity, --cni-*). */
export const kubeletFlags = {
  kubeconfig: str,
  server: str,
  'node-name': str,
  'hostname-override': str,
  'node-ip': str,
  'root-dir': str,
  'pod-cidr': str,
  runtime: str,
  'max-pods': str,
  'register-with-taints': str,
  'node-labels': str,
  port: str,
  address: str,
  'hollow-nodes': str,
  'cluster-dns': str,
  'cluster-domain': str,
  capacity: str,
  ...logFlags,
  'container-log-max-size': str,
  'container-log-max-files': str,
  'cni-bridge': str,
  'cni-network-name': str,
  'tls-cert-file': str,
  'tls-private-key-file': str,
  'client-ca-file': str,
} as const satisfies FlagDefs;

export function parseKubeletFlags(argv: string[]): KubeletOptions {
  const { values } = parseFlags(argv, kubeletFlags);
  const d = defaultKubeletOptions;
  const runtime = values.runtime ?? d.runtime;
  if (runtime !== 'runc' && runtime !== 'fake') throw new Error(`--runtime must be runc or fake, got "${runtime}"`);
  const hollowNodes = positiveInt('hollow-nodes', values['hollow-nodes'], 0);
  if (!values['tls-cert-file'] !== !values['tls-private-key-file']) throw new Error('--tls-cert-file and --tls-private-key-file go together');
  if (values['client-ca-file'] && !values['tls-cert-file']) throw new Error('--client-ca-file needs --tls-cert-file and --tls-private-key-file');
  if (hollowNodes > 0 && runtime !== 'fake') throw new Error('--hollow-nodes needs --runtime=fake');
  return {
    ...d,
    kubeconfig: values.kubeconfig,
    server: values.server,
    nodeName: (values['node-name'] ?? values['hostname-override'] ?? hostname()).toLowerCase(),
    nodeIP: values['node-ip'] ?? d.nodeIP,
    rootDir: values['root-dir'] ?? d.rootDir,
    podCIDR: values['pod-cidr'],
    runtime,
    maxPods: positiveInt('max-pods', values['max-pods'], d.maxPods),
    registerWithTaints: parseTaints(values['register-with-taints']),
    nodeLabels: parseKeyValues(values['node-labels']),
    port: positiveInt('port', values.port, d.port),
    address: values.address ?? values['node-ip'] ?? d.address,
    hollowNodes,
    clusterDNS: (values['cluster-dns'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    clusterDomain: values['cluster-domain'] ?? d.clusterDomain,
    capacity: parseKeyValues(values.capacity),
    containerLogMaxSize: parseByteSize('container-log-max-size', values['container-log-max-size'], d.containerLogMaxSize),
    containerLogMaxFiles: Math.max(2, positiveInt('container-log-max-files', values['container-log-max-files'], d.containerLogMaxFiles)),
    cniBridge: values['cni-bridge'],
    cniNetworkName: values['cni-network-name'],
    tlsCertFile: values['tls-cert-file'],
    tlsPrivateKeyFile: values['tls-private-key-file'],
    clientCAFile: values['client-ca-file'],
    logLevel: logLevelOf(values) ?? d.logLevel,
  };
}
