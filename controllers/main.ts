// kube-controller-manager's command line: flags (Kubernetes' names) → ControllerManagerOptions →
// run(). SIGTERM/SIGINT stop it cleanly; lost leadership exits non-zero so a supervisor restarts it.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { newLogger } from '../apimachinery/log.js';
import { run } from './manager.js';
import { defaultOptions, enabledControllers, type ControllerManagerOptions } from './options.js';

const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("40s", "1m30s", "500ms") in milliseconds. */
export function parseGoDuration(name: string, s: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * units[m[2]!]!;
    matched = re.lastIndex;
  }
  if (s === '0') return 0;
  if (matched !== s.length || s.length === 0) throw new Error(`--${name}: invalid duration ${JSON.stringify(s)}`);
  return total;
}

function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new Error(`--${name}: expected true or false, got ${JSON.stringify(v)}`);
}

function parseIntFlag(name: string, v: string | undefined, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

const boolFlags = ['leader-elect', 'allocate-node-cidrs'];

export function parseFlags(argv: string[]): ControllerManagerOptions {
  const args = argv.map((a) => (boolFlags.some((n) => a === `--${n}`) ? `${a}=true` : a));
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args,
    options: {
      kubeconfig: str,
      master: str,
      controllers: str,
      'leader-elect': str,
      'leader-elect-lease-duration': str,
      'leader-elect-renew-deadline': str,
      'leader-elect-retry-period': str,
      'leader-elect-resource-name': str,
      'leader-elect-resource-namespace': str,
      'allocate-node-cidrs': str,
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
      v: str,
      'log-level': str,
    },
    strict: true,
    allowPositionals: false,
  });
  const d = defaultOptions();
  const dur = (name: string, dflt: number): number => (v[name as keyof typeof v] !== undefined ? parseGoDuration(name, v[name as keyof typeof v]!) : dflt);
  const controllers = v.controllers !== undefined ? v.controllers.split(',').map((s) => s.trim()).filter(Boolean) : d.controllers;
  enabledControllers(controllers); // validate early
  let tolerationSeconds = parseIntFlag('default-not-ready-toleration-seconds', v['default-not-ready-toleration-seconds'], d.defaultTolerationSeconds);
  if (v['pod-eviction-timeout'] !== undefined) tolerationSeconds = Math.round(parseGoDuration('pod-eviction-timeout', v['pod-eviction-timeout']) / 1000);
  return {
    ...d,
    kubeconfig: v.kubeconfig,
    master: v.master,
    controllers,
    leaderElect: parseBool('leader-elect', v['leader-elect'], d.leaderElect),
    leaderElection: {
      resourceNamespace: v['leader-elect-resource-namespace'] ?? d.leaderElection.resourceNamespace,
      resourceName: v['leader-elect-resource-name'] ?? d.leaderElection.resourceName,
      leaseDurationMs: dur('leader-elect-lease-duration', d.leaderElection.leaseDurationMs),
      renewDeadlineMs: dur('leader-elect-renew-deadline', d.leaderElection.renewDeadlineMs),
      retryPeriodMs: dur('leader-elect-retry-period', d.leaderElection.retryPeriodMs),
    },
    allocateNodeCidrs: parseBool('allocate-node-cidrs', v['allocate-node-cidrs'], d.allocateNodeCidrs),
    clusterCidr: v['cluster-cidr'] ?? d.clusterCidr,
    nodeCidrMaskSize: parseIntFlag('node-cidr-mask-size', v['node-cidr-mask-size'], d.nodeCidrMaskSize, 1),
    nodeMonitorGracePeriodMs: dur('node-monitor-grace-period', d.nodeMonitorGracePeriodMs),
    defaultTolerationSeconds: tolerationSeconds,
    clusterSigningCertFile: v['cluster-signing-cert-file'],
    clusterSigningKeyFile: v['cluster-signing-key-file'],
    clusterSigningDurationMs: dur('cluster-signing-duration', d.clusterSigningDurationMs),
    rootCaFile: v['root-ca-file'],
    concurrency: {
      deployment: parseIntFlag('concurrent-deployment-syncs', v['concurrent-deployment-syncs'], d.concurrency.deployment, 1),
      replicaset: parseIntFlag('concurrent-replicaset-syncs', v['concurrent-replicaset-syncs'], d.concurrency.replicaset, 1),
      endpoints: parseIntFlag('concurrent-endpoint-syncs', v['concurrent-endpoint-syncs'], d.concurrency.endpoints, 1),
      endpointslice: parseIntFlag('concurrent-service-endpoint-syncs', v['concurrent-service-endpoint-syncs'], d.concurrency.endpointslice, 1),
      garbagecollector: parseIntFlag('concurrent-gc-syncs', v['concurrent-gc-syncs'], d.concurrency.garbagecollector, 1),
      namespace: parseIntFlag('concurrent-namespace-syncs', v['concurrent-namespace-syncs'], d.concurrency.namespace, 1),
      serviceaccount: parseIntFlag('concurrent-serviceaccount-syncs', v['concurrent-serviceaccount-syncs'], d.concurrency.serviceaccount, 1),
    },
    logLevel: v['log-level'] ?? (v.v && Number(v.v) >= 4 ? 'debug' : undefined),
  };
}

async function main(): Promise<void> {
  const opts = parseFlags(process.argv.slice(2));
  const logger = newLogger({ component: 'kube-controller-manager', level: opts.logLevel });
  const ctl = new AbortController();
  const stop = (sig: string): void => {
    logger.info({ signal: sig }, 'shutting down');
    ctl.abort();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    await run({ ...opts, logger }, ctl.signal);
    logger.flush();
  } catch (err) {
    logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'controller-manager failed');
    logger.flush();
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
