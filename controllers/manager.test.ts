// The controller-manager in-process against the real API server (envtest): a Deployment gets its
// ReplicaSet and pods, a pretend kubelet readies them, `kubectl rollout status` succeeds, a Service
// gets Endpoints and EndpointSlices, deleting the Deployment garbage-collects the rest, and the
// leader Lease is held.
import { AppsV1Api, CoordinationV1Api, CoreV1Api, DiscoveryV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLogger, silentLogger } from '../apimachinery/log.js';
import { etcdAvailable, etcdSkipReason, freePort, kubectlAvailable, startEnvtest, type TestApiServer } from '../test/envtest.js';
import { run } from './manager.js';
import { defaultOptions } from './options.js';

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!etcdAvailable)(`controller-manager against the API server${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const stop = new AbortController();
  let running: Promise<void>;
  let metricsPort = 0;

  beforeAll(async () => {
    env = await startEnvtest();
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    for (const name of ['default', 'kube-system', 'kube-node-lease']) {
      await core.createNamespace({ body: { metadata: { name } } }).catch(() => undefined);
    }
    const opts = defaultOptions();
    const listening = new Promise<number>((resolve) => (opts.onListening = resolve));
    opts.securePort = await freePort();
    running = run(
      { ...opts, kubeConfig: env.kubeConfig(), logger: process.env.K8TS_KCM_LOG ? newLogger({ component: 'kcm', level: 'debug', destination: process.env.K8TS_KCM_LOG }) : silentLogger(), leaderElection: { ...opts.leaderElection, retryPeriodMs: 200, renewDeadlineMs: 2000, leaseDurationMs: 3000 } },
      stop.signal,
    );
    metricsPort = await listening;
  });

  afterAll(async () => {
    stop.abort();
    await running?.catch(() => undefined);
    await env?.stop();
  });

  it('serves a Service from ready pods, holds the leader Lease, and garbage-collects owned objects', async () => {
    const kc = env.kubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const labels = { app: 'db' };
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'db-owner' } } });
    let ip = 50;
    for (const name of ['db-0', 'db-1']) {
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name, labels, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'db-owner', uid: owner.metadata!.uid!, blockOwnerDeletion: true }] },
          spec: { containers: [{ name: 'c', image: 'postgres', ports: [{ name: 'pg', containerPort: 5432 }] }] },
        },
      });
      const cur = await core.readNamespacedPod({ name, namespace: 'default' });
      cur.status = { phase: 'Running', podIP: `10.244.1.${ip++}`, conditions: [{ type: 'Ready', status: name === 'db-0' ? 'True' : 'False', lastTransitionTime: new Date() }] };
      await core.replaceNamespacedPodStatus({ name, namespace: 'default', body: cur });
    }
    await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'db' }, spec: { selector: labels, ports: [{ port: 5432, targetPort: 'pg' }] } } });
    const ep = await until('Endpoints', async () => {
      const e = await core.readNamespacedEndpoints({ name: 'db', namespace: 'default' });
      return e.subsets?.[0]?.addresses?.length === 1 && e.subsets[0].notReadyAddresses?.length === 1 ? e : undefined;
    });
    expect(ep.subsets![0]!.ports).toEqual([expect.objectContaining({ port: 5432 })]);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const slice = await until('an EndpointSlice', async () => {
      const l = await discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=db' });
      return l.items[0]?.endpoints?.length === 2 ? l.items[0] : undefined;
    });
    expect(slice.endpoints!.map((e) => e.conditions?.ready).sort()).toEqual([false, true]);

    const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'kube-controller-manager', namespace: 'kube-system' });
    expect(lease.spec?.holderIdentity).toBeTruthy();

    await core.deleteNamespacedConfigMap({ name: 'db-owner', namespace: 'default' });
    await until('garbage collection of the pods', async () => {
      const p = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=db' });
      return p.items.every((x) => x.metadata?.deletionTimestamp);
    });
  });

  it('serves /metrics: workqueue adds, depth and retries per controller, and leader status', async () => {
    const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    const adds = (body: string): number => Number(/^workqueue_adds_total\{name="serviceaccount"\} (\d+)$/m.exec(body)?.[1] ?? -1);
    const before = await until('leading, serviceaccount queue counted', async () => {
      const b = await scrape();
      return b.includes('leader_election_master_status{name="kube-controller-manager"} 1') && adds(b) >= 0 ? b : undefined;
    });
    expect(before).toMatch(/^workqueue_depth\{name="replicaset"\} \d+$/m);
    expect(before).toMatch(/^workqueue_retries_total\{name="deployment"\} \d+$/m);
    expect(before).toContain('process_cpu_seconds_total');
    await core.createNamespace({ body: { metadata: { name: 'metrics-moves' } } });
    await until('serviceaccount adds to move', async () => adds(await scrape()) > adds(before));
  });

  it('rolls out a Deployment, serves its Service, and collects it on delete', async () => {
    const kc = env.kubeConfig();
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const labels = { app: 'web' };
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] } },
        },
      },
    });
    const rs = await until('a ReplicaSet', async () => (await apps.listNamespacedReplicaSet({ namespace: 'default' })).items[0]);
    expect(rs.metadata?.name).toMatch(/^web-[a-z0-9]+$/);
    expect(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const pods = await until('2 pods', async () => {
      const l = (await core.listNamespacedPod({ namespace: 'default' })).items;
      return l.length === 2 ? l : undefined;
    });

    // A pretend kubelet: bind, run and ready every pod.
    let ip = 10;
    for (const p of pods) {
      const cur: V1Pod = await core.readNamespacedPod({ name: p.metadata!.name!, namespace: 'default' });
      cur.status = {
        phase: 'Running',
        podIP: `10.244.0.${ip++}`,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date() }],
      };
      await core.replaceNamespacedPodStatus({ name: p.metadata!.name!, namespace: 'default', body: cur });
    }
    const d = await until('an available Deployment', async () => {
      const x = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
      return x.status?.availableReplicas === 2 && x.status.conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') ? x : undefined;
    });
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
    if (kubectlAvailable) {
      const r = await env.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
      expect(r.stdout).toContain('deployment "web" successfully rolled out');
    }

    await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 'http' }] } } });
    const ep = await until('Endpoints', async () => {
      const e = await core.readNamespacedEndpoints({ name: 'web', namespace: 'default' });
      return e.subsets?.[0]?.addresses?.length === 2 ? e : undefined;
    });
    expect(ep.subsets![0]!.ports).toEqual([expect.objectContaining({ port: 80 })]);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    await until('an EndpointSlice', async () => {
      const l = await discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' });
      return l.items[0]?.endpoints?.length === 2;
    });

    const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'kube-controller-manager', namespace: 'kube-system' });
    expect(lease.spec?.holderIdentity).toBeTruthy();

    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
    await until('garbage collection', async () => {
      const [r, p] = await Promise.all([apps.listNamespacedReplicaSet({ namespace: 'default' }), core.listNamespacedPod({ namespace: 'default' })]);
      return r.items.length === 0 && p.items.every((x) => x.metadata?.deletionTimestamp);
    });
  });
});
