// kube-controller-manager options: the typed config object main.ts fills from flags (Kubernetes'
// flag names) and run() consumes. Durations are milliseconds.
import type { KubeConfig } from '@kubernetes/client-node';
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
