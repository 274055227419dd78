// ReplicaSet self-healing, adoption/orphaning, garbage collection (kubectl delete --cascade) and
// namespace deletion end to end (etcd + API server + scheduler + hollow nodes + controller-manager).
import type { V1OwnerReference, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, deployment, etcdAvailable, etcdSkipReason, kubectlAvailable, until } from './cluster.js';

function replicaSet(name: string, replicas: number): V1ReplicaSet {
  const labels = { app: name };
  return {
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.0' }], terminationGracePeriodSeconds: 0 } } },
  };
}

const controllerOf = (p: V1Pod | V1ReplicaSet): V1OwnerReference | undefined => p.metadata?.ownerReferences?.find((o) => o.controller);
const live = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp);

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`ownership and garbage collection on hollow nodes${etcdSkipReason}`, () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { hollow: 2 } });
  }, 30_000);
  afterAll(async () => {
    await c?.stop();
  }, 20_000);

  it('replaces a killed pod, also after a controller-manager restart', async () => {
    const rs = await c.apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('heal', 3) });
    const ready = async (): Promise<V1Pod[] | undefined> => {
      const pods = live(await c.pods('default', 'app=heal'));
      return pods.length === 3 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
    };
    const before = await until('3 running pods', ready);
    await c.core.deleteNamespacedPod({ name: before[0]!.metadata!.name!, namespace: 'default' });
    const after = await until('a replacement', async () => {
      const p = await ready();
      return p && !p.some((x) => x.metadata?.uid === before[0]!.metadata?.uid) ? p : undefined;
    });
    expect(after.every((p) => controllerOf(p)?.uid === rs.metadata?.uid)).toBe(true);
    await c.stopControllerManager();
    await c.core.deleteNamespacedPod({ name: after[1]!.metadata!.name!, namespace: 'default' });
    await until('the pod gone', async () => (await c.pods('default', 'app=heal')).length === 2);
    c.startControllerManager();
    await until('3 running pods again', ready);
    await new Promise((r) => setTimeout(r, 500));
    expect(await c.pods('default', 'app=heal')).toHaveLength(3); // and not one more
  }, 30_000);

  it('adopts a matching orphan pod and releases a pod whose labels no longer match', async () => {
    await c.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.0' }], terminationGracePeriodSeconds: 0 } } });
    const rs = await c.apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('adopt', 2) });
    await until('stray adopted', async () => controllerOf(await c.core.readNamespacedPod({ name: 'stray', namespace: 'default' }))?.uid === rs.metadata?.uid);
    await until('2 pods', async () => live(await c.pods('default', 'app=adopt')).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(live(await c.pods('default', 'app=adopt'))).toHaveLength(2); // the adopted pod counts: only 1 created
    expect((await c.env.kubectl(['label', 'pod/stray', 'app=gone', '--overwrite'])).code).toBe(0);
    await until('stray orphaned', async () => !(await c.core.readNamespacedPod({ name: 'stray', namespace: 'default' })).metadata?.ownerReferences?.length);
    await until('a replacement for stray', async () => live(await c.pods('default', 'app=adopt')).length === 2);
  }, 20_000);

  it.each([
    ['background', 'gc-bg'],
    ['foreground', 'gc-fg'],
    ['orphan', 'gc-or'],
  ] as const)('kubectl delete --cascade=%s on a Deployment', async (cascade, name) => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment(name, { replicas: 2 }) });
    await c.rolledOut('default', name);
    const [rs] = await c.replicaSets('default', `app=${name}`);
    const r = await c.env.kubectl(['delete', `deployment/${name}`, `--cascade=${cascade}`, ...(cascade === 'foreground' ? ['--wait=true'] : [])], { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    if (cascade === 'orphan') {
      await until('deployment gone', async () => (await c.apps.listNamespacedDeployment({ namespace: 'default', fieldSelector: `metadata.name=${name}` })).items.length === 0);
      await until('RS orphaned', async () => !(await c.replicaSets('default', `app=${name}`))[0]?.metadata?.ownerReferences?.length);
      await new Promise((r) => setTimeout(r, 500));
      expect((await c.replicaSets('default', `app=${name}`)).map((x) => x.metadata?.uid)).toEqual([rs!.metadata?.uid]);
      const pods = live(await c.pods('default', `app=${name}`));
      expect(pods).toHaveLength(2);
      expect(pods.every((p) => controllerOf(p)?.uid === rs!.metadata?.uid)).toBe(true);
    } else {
      if (cascade === 'foreground') {
        // kubectl --wait returned: with foreground deletion the owner goes only after its dependents.
        expect(await c.replicaSets('default', `app=${name}`)).toHaveLength(0);
        expect(live(await c.pods('default', `app=${name}`))).toHaveLength(0);
      }
      await until('ReplicaSets and pods collected', async () => (await c.replicaSets('default', `app=${name}`)).length === 0 && (await c.pods('default', `app=${name}`)).length === 0);
    }
  }, 25_000);

  it('collects dependents whose owner was deleted while the controller-manager was down', async () => {
    const rs = await c.apps.createNamespacedReplicaSet({ namespace: 'default', body: replicaSet('dangling', 2) });
    await until('2 pods', async () => live(await c.pods('default', 'app=dangling')).length === 2);
    await c.stopControllerManager();
    await c.apps.deleteNamespacedReplicaSet({ name: 'dangling', namespace: 'default', body: { propagationPolicy: 'Background' } });
    await until('RS gone', async () => (await c.replicaSets('default', 'app=dangling')).length === 0);
    const pods = await c.pods('default', 'app=dangling');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => controllerOf(p)?.uid === rs.metadata?.uid)).toBe(true);
    c.startControllerManager();
    await until('dangling pods collected', async () => (await c.pods('default', 'app=dangling')).length === 0);
  }, 20_000);

  it('deletes a namespace: Terminating, then everything in it, then the namespace', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await until('default ServiceAccount', async () => (await c.core.readNamespacedServiceAccount({ name: 'default', namespace: 'doomed' })).metadata?.name);
    await c.apps.createNamespacedDeployment({ namespace: 'doomed', body: deployment('app', { replicas: 2 }) });
    await c.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'cfg' } } });
    await c.rolledOut('doomed', 'app');
    await c.core.deleteNamespace({ name: 'doomed' });
    const ns = await c.core.readNamespace({ name: 'doomed' });
    expect(ns.status?.phase).toBe('Terminating');
    await c.restartControllerManager();
    await until('namespace gone', async () => (await c.core.listNamespace()).items.every((n) => n.metadata?.name !== 'doomed'), 25_000);
    expect((await c.core.listNamespacedPod({ namespace: 'doomed' })).items).toHaveLength(0);
    expect((await c.core.listNamespacedConfigMap({ namespace: 'doomed' })).items).toHaveLength(0);
  }, 35_000);
});
