// Rollout history, undo and progress deadlines through the real kubectl, end to end (etcd + API
// server + scheduler + hollow nodes + controller-manager, restarted mid-test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, deployment, etcdAvailable, etcdSkipReason, kubectlAvailable, podImage, until } from './cluster.js';

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`rollouts with kubectl on hollow nodes${etcdSkipReason}`, () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { hollow: 2 } });
  }, 30_000);
  afterAll(async () => {
    await c?.stop();
  }, 20_000);

  const images = async (): Promise<string> => (await c.pods('default', 'app=web')).map(podImage).sort().join();

  it('kubectl rollout history and undo [--to-revision] roll back', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', { replicas: 2, image: 'nginx:1.0' }) });
    await c.rolledOut('default', 'web');
    expect((await c.env.kubectl(['set', 'image', 'deployment/web', 'app=nginx:2.0'])).code).toBe(0);
    expect((await c.env.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s'])).code).toBe(0);
    await until('v2 pods', async () => (await images()) === 'nginx:2.0,nginx:2.0');

    const hist = await c.env.kubectl(['rollout', 'history', 'deployment/web']);
    expect(hist.code).toBe(0);
    expect(hist.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    const rev1 = await c.env.kubectl(['rollout', 'history', 'deployment/web', '--revision=1']);
    expect(rev1.stdout).toContain('nginx:1.0');

    const undo = await c.env.kubectl(['rollout', 'undo', 'deployment/web']);
    expect(undo.stdout).toContain('deployment.apps/web rolled back');
    await c.restartControllerManager();
    expect((await c.env.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s'])).code).toBe(0);
    await until('v1 pods again', async () => (await images()) === 'nginx:1.0,nginx:1.0');
    const d = await c.deployment('default', 'web');
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    // Revision 1's ReplicaSet was reused and renumbered 3: history lists 2 and 3.
    expect((await c.env.kubectl(['rollout', 'history', 'deployment/web'])).stdout).toMatch(/\n2\s+<none>\n3\s+<none>/);

    expect((await c.env.kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=2'])).code).toBe(0);
    expect((await c.env.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s'])).code).toBe(0);
    await until('v2 pods again', async () => (await images()) === 'nginx:2.0,nginx:2.0');
    const rss = await c.replicaSets('default', 'app=web');
    expect(rss).toHaveLength(2);
    expect(rss.find((rs) => rs.spec?.replicas === 2)?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
  }, 40_000);

  it('kubectl rollout restart replaces every pod; describe and events tell the story', async () => {
    const before = new Set((await c.pods('default', 'app=web')).map((p) => p.metadata?.uid));
    expect((await c.env.kubectl(['rollout', 'restart', 'deployment/web'])).stdout).toContain('deployment.apps/web restarted');
    expect((await c.env.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s'])).code).toBe(0);
    const pods = await until('all pods replaced', async () => {
      const l = await c.pods('default', 'app=web');
      return l.length === 2 && l.every((p) => !before.has(p.metadata?.uid)) ? l : undefined;
    });
    expect(pods.every((p) => p.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'])).toBe(true);
    const d = await c.deployment('default', 'web');
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
    const describe = await c.env.kubectl(['describe', 'deployment/web']);
    expect(describe.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-[a-z0-9]+ (from \d+ )?to 2/);
    expect(describe.stdout).toMatch(/Scaled down replica set web-[a-z0-9]+ (from \d+ )?to 0/);
    const events = await c.env.kubectl(['get', 'events', '--field-selector', 'reason=SuccessfulCreate']);
    expect(events.stdout).toMatch(/replicaset\/web-[a-z0-9]+\s+Created pod: web-/);
  }, 30_000);

  it('reports ProgressDeadlineExceeded when new pods never become ready', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('stuck', { replicas: 2, progressDeadlineSeconds: 2 }) });
    await c.rolledOut('default', 'stuck');
    // The hollow (fake) runtime cannot exec, so an exec readiness probe never passes: these pods run
    // but never become Ready.
    const patch = JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:never-ready', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } }] } } } });
    expect((await c.env.kubectl(['patch', 'deployment/stuck', '-p', patch])).code).toBe(0);
    const r = await c.env.kubectl(['rollout', 'status', 'deployment/stuck', '--timeout=20s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('deployment "stuck" exceeded its progress deadline');
    const d = await c.deployment('default', 'stuck');
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    // Still serving: the old pods stay (maxUnavailable 25% of 2 rounds down to 0).
    const pods = await c.pods('default', 'app=stuck');
    expect(pods.filter((p) => podImage(p) === 'nginx:1.0' && !p.metadata?.deletionTimestamp)).toHaveLength(2);
    expect(pods.some((p) => podImage(p) === 'nginx:never-ready' && p.status?.phase === 'Running')).toBe(true);
    expect(d.status?.availableReplicas).toBe(2);
  }, 30_000);
});
