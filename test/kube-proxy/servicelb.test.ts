// The built-in service load balancer against a real API server (no root: rules go to a recording
// writer): a LoadBalancer Service gets the node's IP as ingress through services/status, follows
// node changes, is cleared when the type changes, and kube-proxy programs that IP:port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type V1Node } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { defaultKubeProxyOptions, FakeNftWriter, run, type RunningProxy } from '../../kube-proxy/index.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!etcdAvailable)(`service load balancer${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let core: CoreV1Api;
  let proxy: RunningProxy;
  const writer = new FakeNftWriter();
  const ac = new AbortController();

  async function setNode(name: string, ip: string): Promise<void> {
    let node: V1Node;
    try {
      node = await core.readNode({ name });
    } catch {
      node = await core.createNode({ body: { metadata: { name } } });
    }
    node.status = { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: ip }] };
    await core.replaceNodeStatus({ name, body: node });
  }

  const ingressOf = async (name: string): Promise<string[] | undefined> => {
    const s = await core.readNamespacedService({ name, namespace: 'default' });
    const ips = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');
    return ips.length ? ips : undefined;
  };

  beforeAll(async () => {
    env = await startEnvtest();
    const kc = env.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    await setNode('node-a', '192.0.2.10');
    proxy = await run(
      { ...defaultKubeProxyOptions, healthzBindAddress: 'off', nodePortAddresses: ['192.0.2.10/32'], serviceLB: true },
      ac.signal,
      { kubeConfig: kc, writer, logger: silentLogger() },
    );
  });

  afterAll(async () => {
    ac.abort();
    await proxy?.done;
    await env?.stop();
  });

  it('sets the node IP as ingress and proxies that IP', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 8088, protocol: 'TCP' }] } },
    });
    expect(await until('ingress', () => ingressOf('lb'))).toEqual(['192.0.2.10']);
    // No endpoints yet: the LB address rejects rather than hanging.
    await until('LB rule', async () => writer.applied.at(-1)?.includes('192.0.2.10 . tcp . 8088 : goto reject-chain'));
  });

  it('follows node address changes', async () => {
    await setNode('node-b', '192.0.2.11');
    expect(await until('two ingress IPs', async () => ((await ingressOf('lb'))?.length === 2 ? ingressOf('lb') : undefined))).toEqual([
      '192.0.2.10',
      '192.0.2.11',
    ]);
  });

  it('clears the ingress when a Service stops being a LoadBalancer', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'flip' }, spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 8089, protocol: 'TCP' }] } },
    });
    await until('ingress', () => ingressOf('flip'));
    const svc = await core.readNamespacedService({ name: 'flip', namespace: 'default' });
    svc.spec!.type = 'ClusterIP';
    for (const p of svc.spec!.ports ?? []) delete p.nodePort;
    await core.replaceNamespacedService({ name: 'flip', namespace: 'default', body: svc });
    await until('ingress cleared', async () => ((await ingressOf('flip')) === undefined ? true : undefined));
  });
});
