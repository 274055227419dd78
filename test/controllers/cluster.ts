// A small real cluster for the controller-manager's integration tests: etcd + the API server
// (envtest), groups of hollow kubelets (fake runtime) that can be stopped one group at a time,
// the scheduler, and the controller-manager in-process — stoppable and restartable mid-test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment, type V1DeploymentStrategy, type V1Pod, type V1ReplicaSet } from '@kubernetes/client-node';
import { newLogger, silentLogger, type Logger } from '../../apimachinery/log.js';
import { run as runControllerManager } from '../../controllers/manager.js';
import { defaultOptions, type ControllerManagerOptions } from '../../controllers/options.js';
import { defaultKubeletOptions, run as runKubelet, type RunningKubelet } from '../../kubelet/index.js';
import { run as runScheduler } from '../../scheduler/index.js';
import { startEnvtest, type TestApiServer } from '../envtest.js';

export { etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason } from '../envtest.js';

import { eventually as until } from '../eventually.js';

export { until };

interface NodeGroup {
  kubelet: RunningKubelet;
  stop: AbortController;
  dir: string;
}

export interface ClusterOptions {
  /** Hollow node groups: name prefix → node count. */
  nodeGroups?: Record<string, number>;
  /** Overrides for the controller-manager's options. */
  cm?: Partial<ControllerManagerOptions>;
  /** Run the controller-manager in-process (default true); false leaves it to the test. */
  inProcessControllerManager?: boolean;
}

function logger(name: string): Logger {
  const dest = process.env.K8TS_TEST_LOG;
  return dest ? newLogger({ component: name, level: 'debug', destination: `${dest}.${name}` }) : silentLogger();
}

export class TestCluster {
  readonly groups = new Map<string, NodeGroup>();
  private cmStop?: AbortController;
  private cmDone?: Promise<void>;
  private readonly schedStop = new AbortController();
  private schedDone?: Promise<void>;
  apps!: AppsV1Api;
  core!: CoreV1Api;

  private constructor(
    readonly env: TestApiServer,
    private readonly cmOverrides: Partial<ControllerManagerOptions>,
  ) {
    this.apps = env.kubeConfig().makeApiClient(AppsV1Api);
    this.core = env.kubeConfig().makeApiClient(CoreV1Api);
  }

  static async start(o: ClusterOptions = {}): Promise<TestCluster> {
    const env = await startEnvtest();
    const c = new TestCluster(env, o.cm ?? {});
    for (const name of ['default', 'kube-system', 'kube-node-lease']) {
      await c.core.createNamespace({ body: { metadata: { name } } }).catch(() => undefined);
    }
    let i = 0;
    for (const [prefix, n] of Object.entries(o.nodeGroups ?? { hollow: 3 })) await c.startNodes(prefix, n, i++);
    c.schedDone = runScheduler({ kubeConfig: env.kubeConfig(), leaderElect: false, securePort: 0, logger: logger('scheduler') }, c.schedStop.signal);
    if (o.inProcessControllerManager !== false) c.startControllerManager();
    return c;
  }

  kubeConfig(): KubeConfig {
    return this.env.kubeConfig();
  }

  /** Starts `n` hollow nodes named `<prefix>-<i>` (fast status and lease updates). */
  async startNodes(prefix: string, n: number, index: number): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-cm-hollow-'));
    const stop = new AbortController();
    const kubelet = await runKubelet(
      {
        ...defaultKubeletOptions, port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', runtime: 'fake', logLevel: 'warn',
        nodeStatusUpdateFrequencyMs: 500, leaseDurationSeconds: 2, nodeName: prefix, rootDir: dir, hollowNodes: n,
        podCIDR: `10.${100 + index}.0.0/16`,
      },
      stop.signal,
      { log: logger(`kubelet-${prefix}`), kubeConfig: this.env.kubeConfig() },
    );
    this.groups.set(prefix, { kubelet, stop, dir });
  }

  /** Stops a group's kubelets: their Leases and Node statuses are no longer renewed. */
  async stopNodes(prefix: string): Promise<void> {
    const g = this.groups.get(prefix);
    if (!g) return;
    this.groups.delete(prefix);
    g.stop.abort();
    await g.kubelet.done.catch(() => undefined);
    rmSync(g.dir, { recursive: true, force: true });
  }

  startControllerManager(): void {
    const d = defaultOptions();
    this.cmStop = new AbortController();
    this.cmDone = runControllerManager(
      {
        ...d,
        kubeConfig: this.env.kubeConfig(),
        logger: logger('kcm'),
        leaderElect: false,
        ...this.cmOverrides,
      },
      this.cmStop.signal,
    ).catch(() => undefined);
  }

  async stopControllerManager(): Promise<void> {
    this.cmStop?.abort();
    await this.cmDone;
    this.cmStop = undefined;
  }

  async restartControllerManager(): Promise<void> {
    await this.stopControllerManager();
    this.startControllerManager();
  }

  async stop(): Promise<void> {
    await this.stopControllerManager();
    this.schedStop.abort();
    await this.schedDone?.catch(() => undefined);
    for (const prefix of [...this.groups.keys()]) await this.stopNodes(prefix);
    await this.env.stop();
  }

  // ---- queries ----

  async pods(ns: string, selector: string): Promise<V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items;
  }

  async replicaSets(ns: string, selector: string): Promise<V1ReplicaSet[]> {
    return (await this.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: selector })).items;
  }

  async deployment(ns: string, name: string): Promise<V1Deployment> {
    return this.apps.readNamespacedDeployment({ name, namespace: ns });
  }

  /** Waits for the Deployment to be complete: all replicas updated and available at its generation. */
  async rolledOut(ns: string, name: string, ms = 20_000): Promise<V1Deployment> {
    return until(`deployment ${name} rolled out`, async () => {
      const d = await this.deployment(ns, name);
      const s = d.status ?? {};
      const want = d.spec?.replicas ?? 1;
      return s.observedGeneration === d.metadata?.generation && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want ? d : undefined;
    }, ms);
  }
}

/** A Deployment body for tests. */
export function deployment(name: string, o: { replicas?: number; image?: string; strategy?: V1DeploymentStrategy; podSpec?: Partial<NonNullable<V1Pod['spec']>>; progressDeadlineSeconds?: number; revisionHistoryLimit?: number; minReadySeconds?: number } = {}): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: labels },
      ...(o.strategy ? { strategy: o.strategy } : {}),
      ...(o.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: o.progressDeadlineSeconds } : {}),
      ...(o.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: o.revisionHistoryLimit } : {}),
      ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: o.image ?? 'nginx:1.0', ports: [{ name: 'http', containerPort: 80 }] }], terminationGracePeriodSeconds: 0, ...o.podSpec },
      },
    },
  };
}

export function podImage(p: V1Pod): string | undefined {
  return p.spec?.containers[0]?.image;
}

export function isPodAvailable(p: V1Pod): boolean {
  return !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}
