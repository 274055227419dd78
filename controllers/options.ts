// kube-controller-manager options: the typed config object main.ts fills from flags (Kubernetes'
// flag names) and run() consumes. Durations are milliseconds.
import type { KubeConfig } from '@kubernetes/client-node';
import { durationFlag, listFlag, logFlags, logLevelOf, parseFlags as parseFlagDefs, type FlagDefs } from '../apimachinery/component/index.js';
import type { Logger } from '../apimachinery/log.js';

export const ControllerNames = [
  'replicaset',
  'deployment',
  'endpoints',
  'endpointslice',
  'garbagecollector',
  'namespace',
  'nodeipam',
  'nodelifecycle',
  'serviceaccount',
  'csrsigning',
  'csrapproving',
  'root-ca-cert-publisher',
] as const;

export type ControllerName = (typeof ControllerNames)[number];

export interface ControllerManagerOptions {
  /** --kubeconfig */
  kubeconfig?: string;
  /** --master: API server URL (overrides the kubeconfig's server). */
  master?: string;
  /** In-process use (tests): a ready KubeConfig, taking precedence over kubeconfig/master. */
  kubeConfig?: KubeConfig;
  logger?: Logger;
  logLevel?: string;
  /** --secure-port: the /metrics and /healthz port, plain HTTP for now (0 or unset: not served; the flag defaults to 10257). */
  securePort?: number;
  /** --bind-address for it (default 127.0.0.1: unauthenticated, so loopback unless asked). */
  bindAddress?: string;
  /** Called with the metrics port once listening (tests). */
  onListening?: (port: number) => void;
  /** --controllers: `*` (all), `name`, `-name`. */
  controllers: string[];
  leaderElect: boolean;
  leaderElection: {
    resourceNamespace: string;
    resourceName: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
    identity?: string;
  };
  /** --allocate-node-cidrs */
  allocateNodeCidrs: boolean;
  /** --cluster-cidr */
  clusterCidr: string;
  /** --node-cidr-mask-size */
  nodeCidrMaskSize: number;
  /** --node-monitor-grace-period */
  nodeMonitorGracePeriodMs: number;
  /** --cluster-signing-cert-file / --cluster-signing-key-file: the CA csrsigning signs with (off without them). */
  clusterSigningCertFile?: string;
  clusterSigningKeyFile?: string;
  /** --cluster-signing-duration: the longest certificate csrsigning issues. */
  clusterSigningDurationMs: number;
  /** --root-ca-file: published as ConfigMap kube-root-ca.crt in every namespace (off without it). */
  rootCaFile?: string;
  /** Toleration seconds for pods without not-ready/unreachable tolerations (DefaultTolerationSeconds). */
  defaultTolerationSeconds: number;
  concurrency: {
    deployment: number;
    replicaset: number;
    endpoints: number;
    endpointslice: number;
    garbagecollector: number;
    namespace: number;
    serviceaccount: number;
  };
}

export function defaultOptions(): ControllerManagerOptions {
  return {
    controllers: ['*'],
    leaderElect: true,
    leaderElection: {
      resourceNamespace: 'kube-system',
      resourceName: 'kube-controller-manager',
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    },
    allocateNodeCidrs: true,
    clusterCidr: '10.244.0.0/16',
    nodeCidrMaskSize: 24,
    nodeMonitorGracePeriodMs: 40_000,
    defaultTolerationSeconds: 300,
    clusterSigningDurationMs: 365 * 86_400_000,
    concurrency: { deployment: 5, replicaset: 5, endpoints: 5, endpointslice: 5, garbagecollector: 20, namespace: 10, serviceaccount: 1 },
  };
}

/** Which controllers --controllers turns on (Kubernetes' `*`, `foo`, `-foo` rules). */
export function enabledControllers(spec: string[]): Set<ControllerName> {
  const known = new Set<string>(ControllerNames);
  for (const s of spec) {
    const name = s.startsWith('-') ? s.slice(1) : s;
    if (name !== '*' && !known.has(name)) throw new Error(`--controllers: unknown controller ${JSON.stringify(name)} (known: ${ControllerNames.join(', ')})`);
  }
  const star = spec.includes('*');
  return new Set(ControllerNames.filter((n) => !spec.includes(`-${n}`) && (star || spec.includes(n))));
}

function parseIntFlag(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

const str = { type: 'string' } as const;

/** kube-controller-manager's flags (Kubernetes' names). */
export const controllerManagerFlags = {
  kubeconfig: str,
  master: str,
  controllers: str,
  'secure-port': str,
  'bind-address': str,
  'leader-elect': { type: 'boolean' },
  'leader-elect-lease-duration': str,
  'leader-elect-renew-deadline': str,
  'leader-elect-retry-period': str,
  'leader-elect-resource-name': str,
  'leader-elect-resource-namespace': str,
  'allocate-node-cidrs': { type: 'boolean' },
  'cluster-cidr': str,
  'node-cidr-mask-size': str,
  'node-monitor-grace-period': str,
  'default-not-ready-toleration-seconds': str,
  'pod-eviction-timeout': str,
  'concurrent-deployment-syncs': str,
  'concurrent-replicaset-syncs': str,
  'concurrent-endpoint-syncs': str,
  'concurrent-service-endpoint-syncs': str,
  'concurrent-gc-syncs': str,
  'concurrent-namespace-syncs': str,
  'concurrent-serviceaccount-syncs': str,
  'cluster-signing-cert-file': str,
  'cluster-signing-key-file': str,
  'cluster-signing-duration': str,
  'root-ca-file': str,
  ...logFlags,
} as const satisfies FlagDefs;

/** The command line → options (defaults for what is not given). */
export function parseFlags(argv: string[]): ControllerManagerOptions {
  const { values: v } = parseFlagDefs(argv, controllerManagerFlags);
  const d = defaultOptions();
  const dur = (name: keyof typeof v & string, dflt: number): number => durationFlag(name, v[name] as string | undefined, dflt);
  const int = (name: keyof typeof v & string, dflt: number, min = 0): number => parseIntFlag(name, v[name] as string | undefined, dflt, min);
  const controllers = listFlag(v.controllers) ?? d.controllers;
  enabledControllers(controllers); // validate early
  let tolerationSeconds = int('default-not-ready-toleration-seconds', d.defaultTolerationSeconds);
  if (v['pod-eviction-timeout'] !== undefined) tolerationSeconds = Math.round(dur('pod-eviction-timeout', 0) / 1000);
  return {
    ...d,
    kubeconfig: v.kubeconfig,
    master: v.master,
    controllers,
    securePort: int('secure-port', 10257),
    bindAddress: v['bind-address'] ?? '127.0.0.1',
    leaderElect: v['leader-elect'] ?? d.leaderElect,
    leaderElection: {
      resourceNamespace: v['leader-elect-resource-namespace'] ?? d.leaderElection.resourceNamespace,
      resourceName: v['leader-elect-resource-name'] ?? d.leaderElection.resourceName,
      leaseDurationMs: dur('leader-elect-lease-duration', d.leaderElection.leaseDurationMs),
      renewDeadlineMs: dur('leader-elect-renew-deadline', d.leaderElection.renewDeadlineMs),
      retryPeriodMs: dur('leader-elect-retry-period', d.leaderElection.retryPeriodMs),
    },
    allocateNodeCidrs: v['allocate-node-cidrs'] ?? d.allocateNodeCidrs,
    clusterCidr: v['cluster-cidr'] ?? d.clusterCidr,
    nodeCidrMaskSize: int('node-cidr-mask-size', d.nodeCidrMaskSize, 1),
    nodeMonitorGracePeriodMs: dur('node-monitor-grace-period', d.nodeMonitorGracePeriodMs),
    defaultTolerationSeconds: tolerationSeconds,
    clusterSigningCertFile: v['cluster-signing-cert-file'],
    clusterSigningKeyFile: v['cluster-signing-key-file'],
    clusterSigningDurationMs: dur('cluster-signing-duration', d.clusterSigningDurationMs),
    rootCaFile: v['root-ca-file'],
    concurrency: {
      deployment: int('concurrent-deployment-syncs', d.concurrency.deployment, 1),
      replicaset: int('concurrent-replicaset-syncs', d.concurrency.replicaset, 1),
      endpoints: int('concurrent-endpoint-syncs', d.concurrency.endpoints, 1),
      endpointslice: int('concurrent-service-endpoint-syncs', d.concurrency.endpointslice, 1),
      garbagecollector: int('concurrent-gc-syncs', d.concurrency.garbagecollector, 1),
      namespace: int('concurrent-namespace-syncs', d.concurrency.namespace, 1),
      serviceaccount: int('concurrent-serviceaccount-syncs', d.concurrency.serviceaccount, 1),
    },
    logLevel: logLevelOf(v),
  };
}
