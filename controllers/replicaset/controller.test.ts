import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { pod, replicaSet, runPods, settle, testContext } from '../testing/index.js';
import { ReplicaSetController } from './controller.js';

function setup() {
  const t = testContext();
  const rsc = new ReplicaSetController(t.ctx);
  return { ...t, rsc };
}

describe('ReplicaSetController', () => {
  it('creates pods from the template with generateName and a controller ownerReference', async () => {
    const { cluster, rsc, recorder } = setup();
    const rs = cluster.seed('replicasets', replicaSet('web', 3));
    await settle([rsc.controller]);
    const pods = cluster.list('pods', 'default');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata?.labels).toEqual({ app: 'web' });
      expect(p.metadata?.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.spec?.containers[0]?.image).toBe('nginx');
    }
    expect(recorder.lines().filter((l) => l.startsWith('Normal SuccessfulCreate Created pod: web-'))).toHaveLength(3);
    const status = cluster.get('replicasets', 'default', 'web')!.status;
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
  });

  it('never creates twice while the cache has not caught up (expectations)', async () => {
    const { cluster, rsc } = setup();
    cluster.seed('replicasets', replicaSet('web', 2));
    cluster.hold();
    await rsc.reconcile({ namespace: 'default', name: 'web' });
    expect(cluster.list('pods', 'default')).toHaveLength(2);
    await rsc.reconcile({ namespace: 'default', name: 'web' }); // cache still shows 0 pods
    await rsc.reconcile({ namespace: 'default', name: 'web' });
    expect(cluster.list('pods', 'default')).toHaveLength(2);
    expect(rsc.expectations.satisfied('default/web')).toBe(false);
    cluster.flush();
    expect(rsc.expectations.satisfied('default/web')).toBe(true);
    await settle([rsc.controller]);
    expect(cluster.list('pods', 'default')).toHaveLength(2);
  });

  it('stops a burst at the first failing batch (slow start) and reports ReplicaFailure', async () => {
    const { cluster, rsc, recorder } = setup();
    cluster.seed('replicasets', replicaSet('web', 10));
    cluster.failNext('create', 'pods', new ApiError('Forbidden', 'exceeded quota'));
    await expect(rsc.reconcile({ namespace: 'default', name: 'web' })).rejects.toThrow('exceeded quota');
    // batch of 1 failed: no further calls
    expect(cluster.actions.filter((a) => a.startsWith('create pods'))).toHaveLength(0);
    expect(rsc.expectations.satisfied('default/web')).toBe(true);
    expect(recorder.lines()).toContain('Warning FailedCreate Error creating: exceeded quota');
    const cond = cluster.get('replicasets', 'default', 'web')!.status?.conditions?.[0];
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota' });
    await rsc.reconcile({ namespace: 'default', name: 'web' });
    expect(cluster.list('pods', 'default')).toHaveLength(10);
    expect(cluster.get('replicasets', 'default', 'web')!.status?.conditions ?? []).toEqual([]);
  });

  it('scales down deleting not-ready before ready pods', async () => {
    const { cluster, rsc, recorder } = setup();
    cluster.seed('replicasets', replicaSet('web', 3));
    await settle([rsc.controller]);
    await runPods(cluster);
    // make one pod not ready
    const [first] = cluster.list('pods', 'default');
    await cluster.clients.pods.updateStatus({ ...first!, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } });
    const rs = cluster.get('replicasets', 'default', 'web')!;
    await cluster.clients.replicasets.update({ ...rs, spec: { ...rs.spec!, replicas: 2 } });
    await settle([rsc.controller]);
    const left = cluster.list('pods', 'default').map((p) => p.metadata?.name);
    expect(left).toHaveLength(2);
    expect(left).not.toContain(first!.metadata?.name);
    expect(recorder.lines()).toContain(`Normal SuccessfulDelete Deleted pod: ${first!.metadata?.name}`);
    expect(cluster.get('replicasets', 'default', 'web')!.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 2 });
  });

  it('adopts matching orphans and releases owned pods that stopped matching', async () => {
    const { cluster, rsc } = setup();
    cluster.seed('pods', pod('orphan', { app: 'web' }));
    cluster.seed('pods', pod('other', { app: 'db' }));
    const rs = cluster.seed('replicasets', replicaSet('web', 2));
    await settle([rsc.controller]);
    const orphan = cluster.get('pods', 'default', 'orphan')!;
    expect(orphan.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs.metadata?.uid, controller: true });
    expect(cluster.get('pods', 'default', 'other')!.metadata?.ownerReferences).toBeUndefined();
    expect(cluster.list('pods', 'default')).toHaveLength(3); // adopted one + one new + other
    // relabel the adopted pod: it is released and replaced
    await cluster.clients.pods.patch('default', 'orphan', { metadata: { labels: { app: 'debug' } } });
    await settle([rsc.controller]);
    expect(cluster.get('pods', 'default', 'orphan')!.metadata?.ownerReferences).toBeUndefined();
    const owned = cluster.list('pods', 'default').filter((p) => p.metadata?.ownerReferences?.[0]?.uid === rs.metadata?.uid);
    expect(owned).toHaveLength(2);
  });

  it('leaves pods controlled by another owner alone', async () => {
    const { cluster, rsc } = setup();
    const p = pod('taken', { app: 'web' });
    p.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: 'other-uid', controller: true }];
    cluster.seed('pods', p);
    cluster.seed('replicasets', replicaSet('web', 1));
    await settle([rsc.controller]);
    expect(cluster.get('pods', 'default', 'taken')!.metadata?.ownerReferences?.[0]?.uid).toBe('other-uid');
    expect(cluster.list('pods', 'default')).toHaveLength(2);
  });

  it('ignores terminal and terminating pods when counting', async () => {
    const { cluster, rsc } = setup();
    cluster.seed('replicasets', replicaSet('web', 1));
    await settle([rsc.controller]);
    const [p] = cluster.list('pods', 'default');
    await cluster.clients.pods.updateStatus({ ...p!, status: { phase: 'Failed' } });
    await settle([rsc.controller]);
    expect(cluster.list('pods', 'default').filter((x) => x.status?.phase !== 'Failed')).toHaveLength(1);
  });

  it('counts availability with minReadySeconds and asks to be requeued', async () => {
    const { cluster, rsc } = setup();
    const rs = replicaSet('web', 1);
    rs.spec!.minReadySeconds = 30;
    cluster.seed('replicasets', rs);
    await settle([rsc.controller]);
    await runPods(cluster);
    const res = await rsc.reconcile({ namespace: 'default', name: 'web' });
    expect(cluster.get('replicasets', 'default', 'web')!.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    expect(res).toEqual({ requeueAfterMs: 30_000 });
  });
});
