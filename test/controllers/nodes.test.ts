// Node lifecycle and endpoints end to end: a hollow node group stops renewing its Leases → the
// node gets Ready=Unknown and the unreachable NoExecute taint → its pods are evicted and the
// ReplicaSet recreates them on the other nodes; Endpoints and EndpointSlices follow real readiness
// probes (httpGet to a local server whose answer the test flips between 200 and 503) across a
// controller-manager restart.
import { createServer, type Server } from 'node:http';
import { DiscoveryV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, deployment, etcdAvailable, etcdSkipReason, kubectlAvailable, until } from './cluster.js';

const live = (pods: V1Pod[]): V1Pod[] => pods.filter((p) => !p.metadata?.deletionTimestamp);

/** A readiness endpoint per pod: 200 while `ready[i]`, else 503. */
async function probeServer(ready: boolean[], i: number): Promise<Server> {
  const s = createServer((_req, res) => {
    res.statusCode = ready[i] ? 200 : 503;
    res.end();
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}
const portOf = (s: Server): number => (s.address() as { port: number }).port;
const close = (s: Server): Promise<void> => new Promise((r) => s.close(() => r()));

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`node lifecycle and endpoints on hollow nodes${etcdSkipReason}`, () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { stay: 2, lost: 1 }, cm: { nodeMonitorGracePeriodMs: 3000 } });
  }, 30_000);
  afterAll(async () => {
    await c?.stop();
  }, 20_000);

  it('node lease expiry → Ready=Unknown + unreachable taint → eviction → pods recreated elsewhere', async () => {
    for (const n of ['stay-0', 'stay-1']) expect((await c.env.kubectl(['cordon', n])).code).toBe(0);
    const tolerations = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }));
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deployment('evict', { replicas: 3, podSpec: { tolerations } }) });
    await c.rolledOut('default', 'evict');
    const before = live(await c.pods('default', 'app=evict'));
    expect(before.map((p) => p.spec?.nodeName)).toEqual(['lost-0', 'lost-0', 'lost-0']);
    for (const n of ['stay-0', 'stay-1']) expect((await c.env.kubectl(['uncordon', n])).code).toBe(0);

    await c.stopNodes('lost');
    await c.restartControllerManager();
    const node = await until('lost-0 unreachable', async () => {
      const n = await c.core.readNode({ name: 'lost-0' });
      const ready = n.status?.conditions?.find((x) => x.type === 'Ready');
      return ready?.status === 'Unknown' && n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') ? n : undefined;
    }, 15_000);
    expect(node.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toContain('node.kubernetes.io/unreachable:NoSchedule');
    const after = await until('pods recreated on the other nodes', async () => {
      const pods = live(await c.pods('default', 'app=evict'));
      return pods.length === 3 && pods.every((p) => p.spec?.nodeName?.startsWith('stay-') && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) ? pods : undefined;
    }, 15_000);
    expect(after.some((p) => before.some((b) => b.metadata?.uid === p.metadata?.uid))).toBe(false);
    const events = await c.env.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=lost-0']);
    expect(events.stdout).toContain('NodeNotReady');
    await c.rolledOut('default', 'evict');
  }, 35_000);

  it('Endpoints and EndpointSlices follow pod readiness', async () => {
    const ready = [true, false]; // pod b starts not ready
    const servers = [await probeServer(ready, 0), await probeServer(ready, 1)];
    const probePorts = servers.map(portOf);
    for (const [i, name] of ['ep-a', 'ep-b'].entries()) {
      await c.core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name, labels: { app: 'ep' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            containers: [{
              name: 'app', image: 'nginx:1.0', ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { host: '127.0.0.1', port: probePorts[i]!, path: '/ready' }, periodSeconds: 1, failureThreshold: 1, successThreshold: 1, timeoutSeconds: 1 },
            }],
          },
        },
      });
    }
    await c.core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'ep' }, spec: { selector: { app: 'ep' }, ports: [{ port: 80, targetPort: 'http' }] } } });
    const discovery = c.kubeConfig().makeApiClient(DiscoveryV1Api);
    const ips = async (): Promise<Record<string, string>> => Object.fromEntries((await c.pods('default', 'app=ep')).map((p) => [p.status?.podIP ?? '', p.metadata!.name!]));
    const state = async (): Promise<string> => {
      const byIp = await ips();
      const e = await c.core.readNamespacedEndpoints({ name: 'ep', namespace: 'default' });
      const s = e.subsets?.[0];
      const eps = `ready=${(s?.addresses ?? []).map((a) => byIp[a.ip]).sort().join()} notReady=${(s?.notReadyAddresses ?? []).map((a) => byIp[a.ip]).sort().join()} port=${s?.ports?.[0]?.port ?? ''}`;
      const slices = (await discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=ep' })).items;
      const eps2 = slices.flatMap((sl) => sl.endpoints.map((x) => `${byIp[x.addresses[0]!]}:${x.conditions?.ready}`)).sort().join();
      last = `${eps} slices=${eps2} slicePort=${slices[0]?.ports?.[0]?.port ?? ''}`;
      return last;
    };
    let last = '';
    const expectState = (what: string, want: string): Promise<boolean> =>
      until(what, async () => (await state()) === want, 20_000).catch((err: unknown) => {
        const pods = c.pods('default', 'app=ep').then((l) => l.map((p) => `${p.metadata?.name}@${p.spec?.nodeName}/${p.status?.podIP}/${p.status?.phase}/ready=${p.status?.conditions?.find((x) => x.type === 'Ready')?.status}`).join(' '));
        return pods.then((p) => { throw new Error(`${String(err)}; last: ${last}; pods: ${p}`); });
      });
    await expectState('a ready, b not', 'ready=ep-a notReady=ep-b port=8080 slices=ep-a:true,ep-b:false slicePort=8080');

    ready[1] = true;
    ready[0] = false;
    await c.restartControllerManager();
    await expectState('b ready, a not', 'ready=ep-b notReady=ep-a port=8080 slices=ep-a:false,ep-b:true slicePort=8080');

    ready[0] = true;
    await expectState('both ready', 'ready=ep-a,ep-b notReady= port=8080 slices=ep-a:true,ep-b:true slicePort=8080');
    await Promise.all(servers.map(close));
  }, 30_000);
});
