// Deployments end to end (etcd + API server + scheduler + hollow nodes + controller-manager):
// scaling, a rolling update whose surge/unavailability bounds hold on every pod watch event,
// Recreate, pause/resume, and rollout status — with the controller-manager restarted mid-way.
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, deployment, etcdAvailable, etcdSkipReason, isPodAvailable, kubectlAvailable, podImage, until } from './cluster.js';
import { PodWatch } from './podwatch.js';

const live = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp);

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`deployments on hollow nodes${etcdSkipReason}`, () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { hollow: 3 } });
  }, 30_000);
  afterAll(async () => {
    await c?.stop();
  }, 20_000);

  it('scales up and down, across a controller-manager restart', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('scale', { replicas: 2 }) });
    await c.rolledOut('default', 'scale');
    expect((await c.env.kubectl(['scale', 'deployment/scale', '--replicas=6'])).code).toBe(0);
    await c.restartControllerManager();
    await c.rolledOut('default', 'scale');
    expect(live(await c.pods('default', 'app=scale'))).toHaveLength(6);
    expect((await c.env.kubectl(['scale', 'deployment/scale', '--replicas=1'])).code).toBe(0);
    await c.rolledOut('default', 'scale');
    await until('1 pod left', async () => (await c.pods('default', 'app=scale')).length === 1);
    const rss = await c.replicaSets('default', 'app=scale');
    expect(rss).toHaveLength(1);
    expect(rss[0]!.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  }, 30_000);

  it('rolls from image A to B within maxSurge/maxUnavailable on every watch event; rollout status returns when done', async () => {
    const replicas = 6;
    const maxSurge = 2;
    const maxUnavailable = 1;
    await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('roll', { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }),
    });
    await c.rolledOut('default', 'roll');
    // Surge is bounded on the ReplicaSets' replicas, as Kubernetes' controller bounds it: live pods
    // may briefly exceed it while one ReplicaSet's create lands before the other's delete.
    const rsw = new PodWatch<V1ReplicaSet>(c.kubeConfig(), 'default', 'app=roll', (sets) => {
      const sum = sets.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      return sum > replicas + maxSurge ? `ReplicaSets want ${sum} pods > ${replicas + maxSurge}` : undefined;
    }, 'replicasets');
    const w = new PodWatch(c.kubeConfig(), 'default', 'app=roll', (pods) => {
      const avail = live(pods).filter(isPodAvailable).length;
      if (avail < replicas - maxUnavailable) return `${avail} available < ${replicas - maxUnavailable}`;
      return undefined;
    });
    await rsw.start();
    await w.start();
    const before = new Set(w.added);
    try {
      const status = c.env.kubectl(['rollout', 'status', 'deployment/roll', '--timeout=30s']);
      expect((await c.env.kubectl(['set', 'image', 'deployment/roll', 'app=nginx:2.0'])).code).toBe(0);
      await until('the new ReplicaSet', async () => (await c.replicaSets('default', 'app=roll')).length === 2);
      await c.restartControllerManager();
      const r = await status;
      expect(r.stdout).toContain('deployment "roll" successfully rolled out');
      expect(r.code).toBe(0);
      await c.rolledOut('default', 'roll');
      await until('old pods gone', async () => {
        const pods = await c.pods('default', 'app=roll');
        return pods.length === replicas && pods.every((p) => podImage(p) === 'nginx:2.0');
      });
    } finally {
      w.stop();
      rsw.stop();
    }
    expect(w.violations).toEqual([]);
    expect(rsw.violations).toEqual([]);
    expect(w.events).toBeGreaterThan(replicas * 2);
    // No duplicate creations: the rollout created exactly one pod per replica of the new template.
    expect(w.added.filter((n) => !before.has(n))).toHaveLength(replicas);
    const rss = await c.replicaSets('default', 'app=roll');
    const byRev = new Map(rss.map((rs) => [rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs]));
    expect(byRev.get('1')?.spec?.replicas).toBe(0);
    expect(byRev.get('2')?.spec?.replicas).toBe(replicas);
  }, 40_000);

  it('Recreate: no new pod while an old one exists', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('recreate', { replicas: 3, strategy: { type: 'Recreate' } }) });
    await c.rolledOut('default', 'recreate');
    const w = new PodWatch(c.kubeConfig(), 'default', 'app=recreate', (pods) => {
      const hasNew = pods.some((p) => podImage(p) === 'nginx:2.0');
      const old = pods.filter((p) => podImage(p) === 'nginx:1.0');
      return hasNew && old.length > 0 ? `new pod beside ${old.length} old` : undefined;
    });
    await w.start();
    try {
      expect((await c.env.kubectl(['set', 'image', 'deployment/recreate', 'app=nginx:2.0'])).code).toBe(0);
      await c.rolledOut('default', 'recreate');
    } finally {
      w.stop();
    }
    expect(w.violations).toEqual([]);
    const pods = await c.pods('default', 'app=recreate');
    expect(pods.map(podImage)).toEqual(['nginx:2.0', 'nginx:2.0', 'nginx:2.0']);
  }, 30_000);

  it('pause holds a template change back; resume rolls it out', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('pause', { replicas: 2 }) });
    await c.rolledOut('default', 'pause');
    expect((await c.env.kubectl(['rollout', 'pause', 'deployment/pause'])).code).toBe(0);
    expect((await c.env.kubectl(['set', 'image', 'deployment/pause', 'app=nginx:2.0'])).code).toBe(0);
    const paused = await until('Progressing=Unknown DeploymentPaused', async () => {
      const d = await c.deployment('default', 'pause');
      const p = d.status?.conditions?.find((x) => x.type === 'Progressing');
      return d.status?.observedGeneration === d.metadata?.generation && p?.reason === 'DeploymentPaused' ? d : undefined;
    });
    expect(paused.status?.conditions?.find((x) => x.type === 'Progressing')?.status).toBe('Unknown');
    await c.restartControllerManager();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await c.replicaSets('default', 'app=pause')).toHaveLength(1);
    expect((await c.pods('default', 'app=pause')).map(podImage)).toEqual(['nginx:1.0', 'nginx:1.0']);
    expect((await c.env.kubectl(['rollout', 'resume', 'deployment/pause'])).code).toBe(0);
    const r = await c.env.kubectl(['rollout', 'status', 'deployment/pause', '--timeout=20s']);
    expect(r.stdout).toContain('successfully rolled out');
    await until('new pods only', async () => (await c.pods('default', 'app=pause')).map(podImage).join() === 'nginx:2.0,nginx:2.0');
  }, 30_000);
});
