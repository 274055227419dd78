// Traffic policies in the kernel (root + nft + etcd): a client netns reaches a NodePort with
// externalTrafficPolicy Local only on this node's endpoint with its own address kept (no SNAT),
// the node itself still reaches every endpoint, no local endpoint → dropped (not refused), the
// healthCheckNodePort answers 200/503 with the local count; internalTrafficPolicy Local sends
// ClusterIP traffic only to the local endpoint, and drops it when there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { CoreV1Api, DiscoveryV1Api, type V1EndpointSlice } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { defaultKubeProxyOptions, run, type RunningProxy } from '../../kube-proxy/index.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import { createNetns, kernelAvailable, kernelSkipReason, type TestNetns } from './netns.js';

function dial(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('end', () => resolve(data.trim()));
    s.on('timeout', () => (s.destroy(), resolve('TIMEOUT')));
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const node = 'kp-policy';
const table = `k8ts-policy-${process.pid}`;
const base = 60 + (process.pid % 60) * 2;

describe.skipIf(!kernelAvailable || !etcdAvailable)(`traffic policies in the kernel${kernelSkipReason}${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let server: TestNetns;
  let client: TestNetns;
  let proxy: RunningProxy;
  let core: CoreV1Api;
  let discovery: DiscoveryV1Api;
  let nodePort = 0;
  let hcPort = 0;
  let itpIP = '';
  const ac = new AbortController();
  const ourTable = (): string => {
    try {
      return execFileSync('nft', ['list', 'table', 'ip', table], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  };

  /** `svc`'s endpoints: the server netns on 8081 (another node) and on 8080 (this node). */
  const slice = (svc: string): V1EndpointSlice => ({
    metadata: { name: `${svc}-1`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [server.nsIP], nodeName: 'elsewhere', conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8081, protocol: 'TCP' }],
  });
  const localSlice = (svc: string): V1EndpointSlice => ({
    metadata: { name: `${svc}-local`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [server.nsIP], nodeName: node, conditions: { ready: true } }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  });

  beforeAll(async () => {
    server = createNetns(`s${process.pid % 1000}`, base);
    client = createNetns(`c${process.pid % 1000}`, base + 1);
    server.routeVia(client.nsIP); // replies to the unmasqueraded client go back through the host
    await server.serve(8080, 'local {peer}');
    await server.serve(8081, 'remote {peer}');
    env = await startEnvtest();
    const kc = env.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    discovery = kc.makeApiClient(DiscoveryV1Api);
    // The API server allocates the health check port from the node port range, as Kubernetes does.
    const etp = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'etp' }, spec: {
      type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } } });
    nodePort = etp.spec!.ports![0]!.nodePort!;
    hcPort = etp.spec!.healthCheckNodePort!;
    expect(hcPort).toBeGreaterThanOrEqual(30000);
    const itp = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'itp' }, spec: {
      internalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } } });
    itpIP = itp.spec!.clusterIP!;
    for (const svc of ['etp', 'itp']) {
      await discovery.createNamespacedEndpointSlice({ namespace: 'default', body: slice(svc) });
      await discovery.createNamespacedEndpointSlice({ namespace: 'default', body: localSlice(svc) });
    }
    proxy = await run({
      ...defaultKubeProxyOptions, hostname: node, healthzBindAddress: 'off', serviceLB: false, nftTable: table,
      healthCheckBindAddress: '127.0.0.1', nodePortAddresses: [`${client.hostIP}/32`, '127.0.0.1/32'], clusterCIDR: '10.251.0.0/16',
    }, ac.signal, { kubeConfig: kc, logger: silentLogger() });
    await eventually('both services programmed', async () => {
      const t = ourTable();
      return t.includes(`goto local-default/etp/tcp/http`) && t.includes(`${itpIP} . tcp . 80 : goto local-default/itp/tcp/http`);
    }, 20_000, 20);
  }, 60_000);

  afterAll(async () => {
    ac.abort();
    await proxy?.done;
    await run({ ...defaultKubeProxyOptions, cleanup: true, nftTable: table }, new AbortController().signal, { logger: silentLogger() }).catch(() => undefined);
    server?.destroy();
    client?.destroy();
    await env?.stop();
  });

  it('externalTrafficPolicy Local: outside clients reach only the local endpoint, with their own address', async () => {
    for (let i = 0; i < 10; i++) expect(await client.dialFrom(client.hostIP, nodePort)).toBe(`local ${client.nsIP}`);
  });

  it('externalTrafficPolicy Local: the node itself still reaches every endpoint (short-circuit to the cluster chain)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add((await dial('127.0.0.1', nodePort)).split(' ')[0]!);
    expect([...seen].sort()).toEqual(['local', 'remote']);
  });

  it('internalTrafficPolicy Local: ClusterIP traffic goes only to the local endpoint', async () => {
    for (let i = 0; i < 10; i++) expect((await dial(itpIP, 80)).split(' ')[0]).toBe('local');
  });

  it('serves the healthCheckNodePort: 200 with the local endpoint count, 503 once none is local', async () => {
    const r = await eventually('health 200', async () => {
      const x = await fetch(`http://127.0.0.1:${hcPort}/`).catch(() => undefined);
      return x?.status === 200 ? x : undefined;
    }, 10_000, 50);
    expect(await r.json()).toEqual({ service: { namespace: 'default', name: 'etp' }, localEndpoints: 1, serviceProxyHealthy: true });

    for (const svc of ['etp', 'itp']) await discovery.deleteNamespacedEndpointSlice({ name: `${svc}-local`, namespace: 'default' });
    await eventually('no local endpoints in the rules', async () => {
      const t = ourTable();
      return !t.includes('chain local-') && t.includes(`tcp . ${nodePort} : drop`) && t.includes(`${itpIP} . tcp . 80 : drop`);
    }, 20_000, 20);
    // The health server learns the new count once the sync that wrote those rules has finished.
    const r2 = await eventually('health 503', async () => {
      const x = await fetch(`http://127.0.0.1:${hcPort}/`).catch(() => undefined);
      return x?.status === 503 ? x : undefined;
    }, 10_000, 50);
    expect(await r2.json()).toMatchObject({ localEndpoints: 0 });
  });

  it('drops (not refuses) traffic whose policy leaves no endpoint; the node still gets through', async () => {
    expect(await client.dialFrom(client.hostIP, nodePort)).toBe('TIMEOUT');
    expect(await dial(itpIP, 80, 1000)).toBe('TIMEOUT');
    expect((await dial('127.0.0.1', nodePort)).split(' ')[0]).toBe('remote');
  });
});
