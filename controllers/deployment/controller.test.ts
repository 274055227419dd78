import type { V1Deployment } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplicaSetController } from '../replicaset/index.js';
import { deployment, runPods, settle, testContext } from '../testing/index.js';
import { RevisionAnnotation, RevisionHistoryAnnotation } from './annotations.js';
import { DeploymentController } from './controller.js';
import { PodTemplateHashLabel } from './hash.js';
import { resolveFenceposts } from './strategy.js';

function setup() {
  const t = testContext();
  const dc = new DeploymentController(t.ctx);
  const rsc = new ReplicaSetController(t.ctx);
  const ctrls = [dc.controller, rsc.controller];
  const step = (onStep?: () => void) => settle(ctrls, 5000, onStep);
  /** Runs controllers and a kubelet that readies every pod until the rollout settles. */
  const rollout = async (onStep?: () => void) => {
    for (let i = 0; i < 50; i++) {
      await step(onStep);
      if ((await runPods(t.cluster)) === 0 && ctrls.every((c) => c.queue.len() === 0)) return;
    }
    throw new Error('rollout did not settle');
  };
  const get = (name = 'web') => t.cluster.get('deployments', 'default', name)!;
  const sets = () => t.cluster.list('replicasets', 'default').sort((a, b) => Number(a.metadata!.resourceVersion) - Number(b.metadata!.resourceVersion));
  const edit = async (fn: (d: V1Deployment) => void, name = 'web') => {
    const d = get(name);
    fn(d);
    await t.cluster.clients.deployments.update(d);
  };
  return { ...t, dc, rsc, step, rollout, get, sets, edit };
}

describe('DeploymentController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('creates <name>-<hash> ReplicaSet with the hash label, owner, revision and status', async () => {
    const { cluster, rollout, get, sets, recorder } = setup();
    const d = cluster.seed('deployments', deployment('web', 3));
    await rollout();
    const [rs] = sets();
    const hash = rs!.metadata!.labels![PodTemplateHashLabel]!;
    expect(rs!.metadata!.name).toBe(`web-${hash}`);
    expect(rs!.spec!.selector!.matchLabels).toEqual({ app: 'web', [PodTemplateHashLabel]: hash });
    expect(rs!.spec!.template!.metadata!.labels).toEqual({ app: 'web', [PodTemplateHashLabel]: hash });
    expect(rs!.metadata!.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(rs!.metadata!.annotations).toMatchObject({
      [RevisionAnnotation]: '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    const got = get();
    expect(got.metadata!.annotations![RevisionAnnotation]).toBe('1');
    expect(got.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    const conds = Object.fromEntries((got.status!.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));
    expect(conds).toEqual({
      Available: ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      Progressing: ['True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    });
    expect(recorder.lines()).toContain(`Normal ScalingReplicaSet Scaled up replica set web-${hash} to 3`);
  });

  it.each([
    [3, '25%', '25%'],
    [4, '25%', '25%'],
    [10, '25%', '25%'],
    [5, 0, 1],
    [5, 2, 0],
    [6, '50%', '50%'],
    [1, 1, 0],
  ])('rolling update of %i replicas (surge %s, unavailable %s) never breaks the bounds', async (replicas, surge, unavail) => {
    const { cluster, rollout, edit, get, sets } = setup();
    const d = deployment('web', replicas);
    d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavail } };
    cluster.seed('deployments', d);
    await rollout();
    const [maxS, maxU] = resolveFenceposts(surge, unavail, replicas);
    const violations: string[] = [];
    // The bounds are on ReplicaSet sizes (pods lag them, as in Kubernetes) and on ready pods.
    const check = () => {
      const total = sets().reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
      const pods = cluster.list('pods', 'default');
      const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
      if (total > replicas + maxS) violations.push(`${total} replicas > ${replicas}+${maxS}`);
      if (ready < replicas - maxU) violations.push(`${ready} ready < ${replicas}-${maxU}`);
    };
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:2'));
    await rollout(check);
    expect(violations).toEqual([]);
    const pods = cluster.list('pods', 'default');
    expect(pods).toHaveLength(replicas);
    const newRS = sets().find((r) => r.spec?.template?.spec?.containers[0]?.image === 'nginx:2')!;
    expect(pods.every((p) => p.metadata?.ownerReferences?.[0]?.uid === newRS.metadata?.uid)).toBe(true);
    expect(get().status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 2 });
  });

  it('emits the Kubernetes ScalingReplicaSet sequence for a 3-replica rollout', async () => {
    const { cluster, rollout, edit, sets, recorder } = setup();
    cluster.seed('deployments', deployment('web', 3));
    await rollout();
    const oldName = sets()[0]!.metadata!.name;
    recorder.events.length = 0;
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:2'));
    await rollout();
    const newName = sets().find((r) => r.metadata!.name !== oldName)!.metadata!.name;
    expect(recorder.lines().filter((l) => l.includes('ScalingReplicaSet'))).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${newName} to 1`,
      `Normal ScalingReplicaSet Scaled down replica set ${oldName} to 2 from 3`,
      `Normal ScalingReplicaSet Scaled up replica set ${newName} to 2 from 1`,
      `Normal ScalingReplicaSet Scaled down replica set ${oldName} to 1 from 2`,
      `Normal ScalingReplicaSet Scaled up replica set ${newName} to 3 from 2`,
      `Normal ScalingReplicaSet Scaled down replica set ${oldName} to 0 from 1`,
    ]);
  });

  it('undo brings an old ReplicaSet back with a new revision; history is trimmed to the limit', async () => {
    const { cluster, rollout, edit, get, sets } = setup();
    const d = deployment('web', 2);
    d.spec!.revisionHistoryLimit = 1;
    cluster.seed('deployments', d);
    await rollout();
    const first = sets()[0]!;
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:2'));
    await rollout();
    expect(get().metadata!.annotations![RevisionAnnotation]).toBe('2');
    // kubectl rollout undo: the template of revision 1 (without the hash label) goes back
    await edit((x) => {
      const t = structuredClone(first.spec!.template!);
      delete t.metadata!.labels![PodTemplateHashLabel];
      x.spec!.template = t;
    });
    await rollout();
    const back = cluster.get('replicasets', 'default', first.metadata!.name!)!;
    expect(back.metadata!.uid).toBe(first.metadata!.uid);
    expect(back.metadata!.annotations![RevisionAnnotation]).toBe('3');
    expect(back.metadata!.annotations![RevisionHistoryAnnotation]).toBe('1');
    expect(get().metadata!.annotations![RevisionAnnotation]).toBe('3');
    expect(sets()).toHaveLength(2);
    // a third template: revision 4, and the limit (1) deletes the oldest scaled-down RS
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:3'));
    await rollout();
    expect(sets().map((r) => r.metadata!.annotations![RevisionAnnotation]).sort()).toEqual(['3', '4']);
  });

  it('pause holds the rollout (DeploymentPaused); resume continues it (DeploymentResumed)', async () => {
    const { cluster, rollout, edit, get, sets } = setup();
    cluster.seed('deployments', deployment('web', 2));
    await rollout();
    await edit((x) => (x.spec!.paused = true));
    await rollout();
    expect(get().status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:2'));
    await rollout();
    expect(sets()).toHaveLength(1);
    // scaling still works while paused
    await edit((x) => (x.spec!.replicas = 3));
    await rollout();
    expect(cluster.list('pods', 'default')).toHaveLength(3);
    await edit((x) => (x.spec!.paused = false));
    await rollout();
    expect(sets()).toHaveLength(2);
    expect(get().status).toMatchObject({ updatedReplicas: 3, availableReplicas: 3 });
    expect(get().status!.conditions!.find((c) => c.type === 'Progressing')!.reason).toBe('NewReplicaSetAvailable');
  });

  it('marks ProgressDeadlineExceeded when pods never become ready', async () => {
    const { cluster, step, get } = setup();
    const d = deployment('web', 2);
    d.spec!.progressDeadlineSeconds = 30;
    cluster.seed('deployments', d);
    await step();
    expect(get().status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    await vi.advanceTimersByTimeAsync(32_000); // the controller asked to be requeued at the deadline
    await step();
    const p = get().status!.conditions!.find((c) => c.type === 'Progressing')!;
    expect(p).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(p.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    expect(get().status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('Recreate scales old pods to zero before creating the new ReplicaSet', async () => {
    const { cluster, rollout, edit, sets } = setup();
    const d = deployment('web', 3);
    d.spec!.strategy = { type: 'Recreate' };
    cluster.seed('deployments', d);
    await rollout();
    let mixed = false;
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:2'));
    await rollout(() => {
      const images = new Set(cluster.list('pods', 'default').map((p) => p.spec?.containers[0]?.image));
      if (images.size > 1) mixed = true;
    });
    expect(mixed).toBe(false);
    expect(sets()).toHaveLength(2);
    expect(cluster.list('pods', 'default').map((p) => p.spec?.containers[0]?.image)).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);
  });

  it('scaling mid-rollout spreads the change proportionally', async () => {
    const { cluster, rollout, step, edit, sets } = setup();
    const d = deployment('web', 10);
    d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    cluster.seed('deployments', d);
    await rollout();
    await edit((x) => (x.spec!.template!.spec!.containers[0]!.image = 'nginx:broken'));
    await step(); // new RS surges, nothing becomes ready
    const sizes = () => Object.fromEntries(sets().map((r) => [r.spec!.template!.spec!.containers[0]!.image, r.spec!.replicas]));
    expect(sizes()).toEqual({ 'nginx:1': 8, 'nginx:broken': 5 });
    await edit((x) => (x.spec!.replicas = 15));
    await step();
    expect(sizes()).toEqual({ 'nginx:1': 11, 'nginx:broken': 7 });
  });
});
