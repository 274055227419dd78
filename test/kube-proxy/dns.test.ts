// Cluster DNS against a real API server (no root needed): Services + EndpointSlices created with
// client-node are answered over UDP and TCP on loopback (A, SRV, headless, hostname, NXDOMAIN),
// changes show up, and other names are forwarded to a test upstream resolver on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as packet from 'dns-packet';
import type { DecodedPacket, RecordType } from 'dns-packet';
import { CoreV1Api, DiscoveryV1Api } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { freePort } from '../../cluster/common/ports.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { defaultDnsOptions, run, type RunningDns } from '../../kube-proxy/dns/index.js';
import { startUpstream, type Upstream } from './upstream.js';

let nextId = 1;

function udpQuery(port: number, name: string, type: RecordType): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const id = nextId++;
    const timer = setTimeout(() => (sock.close(), reject(new Error(`no answer for ${name}`))), 5000);
    sock.on('message', (m) => {
      clearTimeout(timer);
      sock.close();
      resolve(packet.decode(m));
    });
    sock.send(packet.encode({ type: 'query', id, flags: packet.RECURSION_DESIRED, questions: [{ name, type }] }), port, '127.0.0.1');
  });
}

function tcpQuery(port: number, name: string, type: RecordType): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(packet.streamEncode({ type: 'query', id: nextId++, questions: [{ name, type }] })));
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        s.destroy();
        resolve(packet.decode(buf.subarray(2)));
      }
    });
    s.on('error', reject);
  });
}

const data = (p: DecodedPacket): unknown[] => (p.answers ?? []).map((a) => ('data' in a ? a.data : undefined));

describe.skipIf(!etcdAvailable)(`cluster DNS against the API server${etcdSkipReason}`, () => {
  let env: TestApiServer;
  let upstream: Upstream;
  let dns: RunningDns;
  let core: CoreV1Api;
  let webIP = '';
  const ac = new AbortController();

  beforeAll(async () => {
    env = await startEnvtest();
    upstream = await startUpstream();
    const kc = env.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const web = await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
    });
    webIP = web.spec!.clusterIP!;
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'db' }, spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] } },
    });
    await discovery.createNamespacedEndpointSlice({
      namespace: 'default',
      body: {
        metadata: { name: 'db-1', labels: { 'kubernetes.io/service-name': 'db' } },
        addressType: 'IPv4',
        endpoints: [
          { addresses: ['10.244.1.5'], hostname: 'db-0', conditions: { ready: true } },
          { addresses: ['10.244.1.6'], conditions: { ready: true } },
          { addresses: ['10.244.1.7'], conditions: { ready: false } },
        ],
        ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
      },
    });
    const port = await freePort();
    dns = await run(
      { ...defaultDnsOptions, listen: `127.0.0.1:${port}`, upstreams: [{ host: '127.0.0.1', port: upstream.port }], upstreamTimeoutMs: 1000 },
      ac.signal,
      { kubeConfig: kc, logger: silentLogger() },
    );
  });

  afterAll(async () => {
    ac.abort();
    await dns?.done;
    await upstream?.stop();
    await env?.stop();
  });

  it('answers A for a ClusterIP service over UDP and TCP', async () => {
    for (const q of [udpQuery, tcpQuery]) {
      const r = await q(dns.udpPort, 'web.default.svc.cluster.local', 'A');
      expect(r.rcode).toBe('NOERROR');
      expect(data(r)).toEqual([webIP]);
    }
  });

  it('answers SRV for a named port', async () => {
    const r = await udpQuery(dns.udpPort, '_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(data(r)).toEqual([{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
  });

  it('answers a headless service with its ready endpoints, and their hostnames', async () => {
    expect(data(await udpQuery(dns.udpPort, 'db.default.svc.cluster.local', 'A'))).toEqual(['10.244.1.5', '10.244.1.6']);
    expect(data(await udpQuery(dns.udpPort, 'db-0.db.default.svc.cluster.local', 'A'))).toEqual(['10.244.1.5']);
    expect(data(await udpQuery(dns.udpPort, '5.1.244.10.in-addr.arpa', 'PTR'))).toEqual(['db-0.db.default.svc.cluster.local']);
  });

  it('says NXDOMAIN for unknown names in the zone, and notices new services', async () => {
    expect((await udpQuery(dns.udpPort, 'late.default.svc.cluster.local', 'A')).rcode).toBe('NXDOMAIN');
    const late = await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'late' }, spec: { ports: [{ port: 81 }] } } });
    const deadline = Date.now() + 5000;
    let r = await udpQuery(dns.udpPort, 'late.default.svc.cluster.local', 'A');
    while (r.rcode !== 'NOERROR' && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 20));
      r = await udpQuery(dns.udpPort, 'late.default.svc.cluster.local', 'A');
    }
    expect(data(r)).toEqual([late.spec!.clusterIP]);
  });

  it('forwards other names to the upstream over UDP and TCP', async () => {
    for (const q of [udpQuery, tcpQuery]) {
      const r = await q(dns.udpPort, 'example.test', 'A');
      expect(data(r)).toEqual(['192.0.2.123']);
    }
    expect((await udpQuery(dns.udpPort, 'missing.test', 'A')).rcode).toBe('NXDOMAIN');
    expect(upstream.queries.filter((n) => n === 'example.test')).toHaveLength(2);
    expect(upstream.queries.some((n) => n.endsWith('cluster.local'))).toBe(false);
  });
});
