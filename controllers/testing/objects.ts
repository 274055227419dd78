// Object builders and a pretend kubelet for controller tests.
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { FakeCluster } from './cluster.js';

export function replicaSet(name: string, replicas: number, labels: Record<string, string> = { app: name }, ns = 'default'): V1ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}

export function deployment(name: string, replicas: number, image = 'nginx:1', ns = 'default'): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

export function pod(name: string, labels: Record<string, string>, ns = 'default'): V1Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'c', image: 'x' }] } };
}

/** Like a kubelet: binds pending pods to `node`, sets Running + Ready (at the cluster clock's now). */
export async function runPods(cluster: FakeCluster, ns = 'default', node = 'node1', ready = true): Promise<number> {
  let n = 0;
  for (const p of cluster.list('pods', ns)) {
    if (p.metadata?.deletionTimestamp) continue;
    const isReady = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (p.status?.phase === 'Running' && isReady === ready) continue;
    let cur = p;
    if (!cur.spec?.nodeName) cur = await cluster.clients.pods.update({ ...cur, spec: { ...cur.spec!, nodeName: node } });
    const now = new Date(cluster.clock.now());
    await cluster.clients.pods.updateStatus({
      ...cur,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }] },
    });
    n++;
  }
  return n;
}
