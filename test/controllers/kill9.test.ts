// The controller-manager as its own process (dist/controllers/main.js), SIGKILLed 10 times at
// random points of a 20-replica rolling update (each a random moment after that instance's first
// visible action): the rollout still ends with exactly 20 pods of the new template, created once each
// (no duplicate creations), the ReplicaSets never wanting more than replicas + maxSurge, and the old
// ReplicaSet at 0.
//
// The rollout lasts long enough for the kills by construction, not by the machine's speed: with
// maxUnavailable 0 and maxSurge 5 it takes 4 steps, and each waits minReadySeconds (4 s) for the new
// pods to become available, so it runs for at least 16 s while a kill lands at least every ~3.6 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entry } from '../../cluster/common/paths.js';
import { TestCluster, deployment, etcdAvailable, etcdSkipReason, kubectlAvailable, until } from './cluster.js';
import { PodWatch } from './podwatch.js';

const main = entry('controllers');
const built = existsSync(main);
const live = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp);
/** Old-template pods still live, or fewer than 20 live new ones. */
const inProgress = (pods: Iterable<V1Pod>): boolean => {
  const l = live([...pods]);
  return l.some((p) => p.spec?.containers[0]?.image !== 'nginx:2.0') || l.filter((p) => p.spec?.containers[0]?.image === 'nginx:2.0').length < 20;
};

describe.skipIf(!etcdAvailable || !kubectlAvailable || !built)(
  `kill -9 the controller-manager during a rolling update${etcdSkipReason}${built ? '' : ` (skipped: ${main} not built; run npm run build)`}`,
  () => {
    let c: TestCluster;
    let child: ChildProcess | undefined;
    let exited: Promise<void> = Promise.resolve();

    const startChild = (): void => {
      const p = spawn(process.execPath, [main, '--kubeconfig', c.env.kubeconfigPath, '--leader-elect=false', '--log-level=warn', '--secure-port=0'], { stdio: 'ignore' });
      child = p;
      exited = new Promise((r) => p.once('exit', () => r()));
    };
    const killChild = async (): Promise<void> => {
      child?.kill('SIGKILL');
      await exited;
      child = undefined;
    };

    beforeAll(async () => {
      c = await TestCluster.start({ nodeGroups: { hollow: 4 }, inProcessControllerManager: false });
      startChild();
    }, 30_000);
    afterAll(async () => {
      await killChild();
      await c?.stop();
    }, 20_000);

    it('ends with exactly 20 new pods and the old ReplicaSet at 0 after 10 SIGKILLs', async () => {
      const replicas = 20;
      const maxSurge = 5;
      const minReadySeconds = 4;
      await c.apps.createNamespacedDeployment({
        namespace: 'default',
        body: deployment('chaos', { replicas, minReadySeconds, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } } }),
      });
      await c.rolledOut('default', 'chaos', 25_000);
      // Surge is bounded on the ReplicaSets' replicas (as Kubernetes bounds it); duplicates are
      // counted on the pods: the rollout must create exactly one pod per replica of the new template.
      const rsw = new PodWatch<V1ReplicaSet>(c.kubeConfig(), 'default', 'app=chaos', (sets) => {
        const sum = sets.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
        return sum > replicas + maxSurge ? `ReplicaSets want ${sum} pods > ${replicas + maxSurge}` : undefined;
      }, 'replicasets');
      const w = new PodWatch(c.kubeConfig(), 'default', 'app=chaos', () => undefined);
      await rsw.start();
      await w.start();
      const before = new Set(w.added);
      let killsDuringRollout = 0;
      try {
        expect((await c.env.kubectl(['set', 'image', 'deployment/chaos', 'app=nginx:2.0'])).code).toBe(0);
        for (let i = 0; i < 10; i++) {
          // Let this controller-manager act (a pod event after its start, or 3 s), then kill it at a
          // random moment of its work.
          const seen = w.events;
          await until('the controller-manager acting', async () => w.events > seen, 3000, 20).catch(() => undefined);
          await new Promise((r) => setTimeout(r, Math.random() * 500));
          if (inProgress(w.pods.values())) killsDuringRollout++;
          await killChild();
          startChild();
        }
        const d = await c.rolledOut('default', 'chaos', 40_000);
        expect(d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
        await until('old pods gone', async () => (await c.pods('default', 'app=chaos')).length === replicas);
      } finally {
        w.stop();
        rsw.stop();
      }
      expect(w.violations).toEqual([]);
      expect(rsw.violations).toEqual([]);
      expect(w.added.filter((n) => !before.has(n)), 'pods created by the rollout').toHaveLength(replicas);
      expect(killsDuringRollout, 'kills while the rollout was in progress').toBeGreaterThanOrEqual(3);

      const rss = await c.replicaSets('default', 'app=chaos');
      expect(rss).toHaveLength(2);
      const fresh = rss.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === 'nginx:2.0')!;
      const old = rss.find((rs) => rs !== fresh)!;
      expect(old.spec?.replicas).toBe(0);
      expect(old.status?.replicas ?? 0).toBe(0);
      expect(fresh.spec?.replicas).toBe(replicas);
      const hash = fresh.metadata?.labels?.['pod-template-hash'];
      const pods = await c.pods('default', 'app=chaos');
      expect(pods).toHaveLength(replicas);
      expect(new Set(pods.map((p) => p.metadata?.name)).size).toBe(replicas);
      for (const p of pods) {
        expect(p.metadata?.labels?.['pod-template-hash']).toBe(hash);
        expect(p.spec?.containers[0]?.image).toBe('nginx:2.0');
        expect(p.metadata?.ownerReferences?.[0]?.uid).toBe(fresh.metadata?.uid);
      }
    }, 150_000);
  },
);
