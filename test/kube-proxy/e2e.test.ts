// Issue #6's acceptance on real pods (root + runc + nft): a 2-replica busybox httpd Deployment
// answering its hostname behind Service `web`, reached by name from another pod (both pods, never
// the unready one), by ClusterIP and NodePort (node IP, 127.0.0.1) from the host, by LoadBalancer
// ingress; hairpin; DNS A/SRV/headless/forwarded/ExternalName; kube-proxy restart keeps the ruleset identical
// and an established connection alive; scale to 0 rejects; --cleanup leaves nothing of ours.
import { connect, type Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';
import type { DecodedPacket, RecordType } from 'dns-packet';
import type { V1Container, V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKubeProxyFlags, run as runProxy } from '../../kube-proxy/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import { eventually } from '../eventually.js';
import { e2eUnavailable, listTables, ServiceCluster } from './cluster.js';

const unavailable = e2eUnavailable();

type Reply = { body: string } | { error: string };

/** One HTTP GET without keep-alive: the body, or the error code (ECONNREFUSED, TIMEOUT). */
function httpGet(host: string, port: number, timeoutMs = 3000): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ body: body.trim() }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

function dnsQuery(host: string, port: number, name: string, type: RecordType): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => (sock.close(), reject(new Error(`no DNS answer for ${name}`))), 5000);
    sock.on('message', (m) => {
      clearTimeout(timer);
      sock.close();
      resolve(packet.decode(m));
    });
    sock.send(packet.encode({ type: 'query', id: 42, flags: packet.RECURSION_DESIRED, questions: [{ name, type }] }), port, host);
  });
}

const data = (p: DecodedPacket): unknown[] => (p.answers ?? []).map((a) => ('data' in a ? a.data : undefined));

/** A line-echo connection: send a line, read it back. */
class EchoConn {
  private buf = '';
  private waiters: Array<() => void> = [];
  constructor(readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString();
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(host: string, port: number): Promise<EchoConn> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new EchoConn(s)));
      s.once('error', reject);
    });
  }
  async roundTrip(line: string): Promise<string> {
    this.buf = '';
    this.sock.write(`${line}\n`);
    return eventually(`echo of ${line}`, async () => {
      if (!this.buf.includes('\n')) await new Promise<void>((r) => (this.waiters.push(r), setTimeout(r, 200)));
      return this.buf.includes('\n') ? this.buf.trim() : undefined;
    }, 10_000, 0);
  }
}

/**
 * `nft list table` text → its top-level blocks (chains, maps, sets) sorted, with each map's or
 * set's elements sorted: the ruleset's content independent of listing order.
 */
function normalizeTable(text: string): string[] {
  const blocks: string[] = [];
  let cur: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^(chain|map|set) /.test(line)) cur = [line];
    else if (line === '}' && cur && raw.startsWith('\t}')) {
      const body = cur.join(' ').replace(/elements = \{([^}]*)\}/, (_m, els: string) => `elements = { ${els.split(',').map((e) => e.trim()).sort().join(', ')} }`);
      blocks.push(body);
      cur = undefined;
    } else if (cur && line) cur.push(line);
  }
  return blocks.sort();
}

const httpd = (daemonTail = ''): string[] =>
  ['sh', '-c', `mkdir -p /www && hostname > /www/index.html && ${daemonTail ? `httpd -p 8080 -h /www && ${daemonTail}` : 'exec httpd -f -p 8080 -h /www'}`];

describe.skipIf(!!unavailable)(`Services on real pods: kube-proxy + cluster DNS${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const c = new ServiceCluster();
  let image = '';
  let webIP = '';
  let nodePort = 0;
  let webPods: V1Pod[] = [];
  const ip = (n: number): string => `${c.svcPrefix}.${n}`;
  const ourTable = (): string => {
    try {
      return execFileSync('nft', ['list', 'table', 'ip', c.table], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  };
  const container = (command: string[], extra: Partial<V1Container> = {}): V1Container => ({ name: 'app', image, command, ...extra });
  const service = (name: string, spec: NonNullable<V1Service['spec']>): Promise<V1Service> =>
    c.core.createNamespacedService({ namespace: 'default', body: { metadata: { name }, spec } });
  const webNames = (): string[] => webPods.map((p) => p.metadata!.name!).sort();

  beforeAll(async () => {
    await c.start();
    image = c.reg.image;
    const deploy: V1Deployment = {
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', track: 'stable' } },
        template: {
          metadata: { labels: { app: 'web', track: 'stable' } },
          spec: { terminationGracePeriodSeconds: 1, containers: [container(httpd(), { ports: [{ name: 'http', containerPort: 8080 }] })] },
        },
      },
    };
    await c.apps.createNamespacedDeployment({ namespace: 'default', body: deploy });
    // Selected by `web` but never ready: must get no traffic.
    await c.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'web-canary', labels: { app: 'web', track: 'canary' } }, spec: {
      terminationGracePeriodSeconds: 1,
      containers: [container(httpd(), { readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } })] } } });
    // The client also serves (http on 8080, a line echo on 9000) behind Service `client`, for hairpin and conntrack.
    await c.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'client', labels: { role: 'client' } }, spec: {
      terminationGracePeriodSeconds: 1, containers: [container(httpd('exec nc -ll -p 9000 -e /bin/cat'))] } } });

    const web = await service('web', { type: 'NodePort', clusterIP: ip(20), selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    webIP = web.spec!.clusterIP!;
    nodePort = web.spec!.ports![0]!.nodePort!;
    await service('web-lb', { type: 'LoadBalancer', clusterIP: ip(21), selector: { app: 'web', track: 'stable' }, ports: [{ name: 'http', port: 8099, targetPort: 8080, protocol: 'TCP' }] });
    await service('web-headless', { clusterIP: 'None', selector: { app: 'web', track: 'stable' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    await service('ext', { type: 'ExternalName', externalName: 'example.test' });
    await service('client', { clusterIP: ip(22), selector: { role: 'client' }, ports: [
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'echo', port: 9000, targetPort: 9000, protocol: 'TCP' }] });

    webPods = await eventually('2 web pods ready', async () => {
      const pods = (await c.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web,track=stable' })).items;
      const ready = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
      return ready.length === 2 && pods.length === 2 ? ready : undefined;
    }, 120_000, 250);
    await eventually('client and canary running', async () => {
      const pods = await Promise.all(['client', 'web-canary'].map((name) => c.core.readNamespacedPod({ name, namespace: 'default' })));
      return pods.every((p) => p.status?.phase === 'Running');
    }, 120_000, 250);
    // The rules know both ready pods, and that the canary is not ready.
    await eventually('web balanced over 2 endpoints', async () => {
      const t = ourTable();
      return webPods.every((p) => t.includes(`dnat to ${p.status!.podIP}:8080`)) && t.includes('numgen random mod 2') && t.includes(`${ip(22)} . tcp . 9000`);
    }, 60_000, 50);
  }, 300_000);

  afterAll(async () => {
    await c.shutdown();
  }, 120_000);

  it('spreads 20 requests to web.default.svc.cluster.local from another pod over both ready pods, none to the unready one', async () => {
    const slices = await c.discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' });
    const eps = slices.items.flatMap((s) => s.endpoints ?? []);
    expect(eps.map((e) => e.conditions?.ready).sort()).toEqual([false, true, true]); // the canary is listed, not ready

    const r = await c.exec('client', 'for i in $(seq 20); do wget -q -O - http://web.default.svc.cluster.local/; done');
    expect(r.code, r.out).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(20);
    expect([...new Set(lines)].sort()).toEqual(webNames());
  }, 120_000);

  it('answers on the ClusterIP and the NodePort (node IP and 127.0.0.1) from the host', async () => {
    for (const [host, port] of [[webIP, 80], [c.nodeIP, nodePort], ['127.0.0.1', nodePort]] as const) {
      const r = await httpGet(host, port);
      expect(r, `${host}:${port}`).toHaveProperty('body');
      expect(webNames()).toContain((r as { body: string }).body);
    }
  });

  it('gives the LoadBalancer Service the node IP as ingress and answers there', async () => {
    const ingress = await eventually('LB ingress', async () => {
      const s = await c.core.readNamespacedService({ name: 'web-lb', namespace: 'default' });
      return s.status?.loadBalancer?.ingress?.map((i) => i.ip);
    }, 30_000);
    expect(ingress).toEqual([c.nodeIP]);
    await eventually('LB rule', async () => ourTable().includes(`${c.nodeIP} . tcp . 8099`), 10_000, 20);
    const r = await httpGet(c.nodeIP, 8099);
    expect(webNames()).toContain((r as { body: string }).body);
  });

  it('lets a pod reach itself through its own Service (hairpin)', async () => {
    const r = await c.exec('client', 'for i in 1 2 3 4 5; do wget -q -O - http://client.default.svc.cluster.local/; done');
    expect(r.out).toBe('client\nclient\nclient\nclient\nclient\n');
    expect(r.code).toBe(0);
  }, 60_000);

  it('answers DNS through the kube-dns ClusterIP: A, SRV, headless pod IPs, and forwards other names upstream', async () => {
    const q = (name: string, type: RecordType): Promise<DecodedPacket> => dnsQuery(c.dnsIP, 53, name, type);
    expect(data(await q('web.default.svc.cluster.local', 'A'))).toEqual([webIP]);
    const srv = await q('_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(data(srv)).toEqual([{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
    const podIPs = webPods.map((p) => p.status!.podIP!).sort();
    expect(data(await q('web-headless.default.svc.cluster.local', 'A'))).toEqual(podIPs);
    const hsrv = await q('_http._tcp.web-headless.default.svc.cluster.local', 'SRV');
    // Headless: no VIP, so the SRV port is the endpoints' (target) port, as CoreDNS answers.
    expect((data(hsrv) as Array<{ port: number }>).map((d) => d.port)).toEqual([8080, 8080]);
    expect((hsrv.additionals ?? []).map((a) => ('data' in a ? a.data : undefined)).sort()).toEqual(podIPs);
    expect((await q('nope.default.svc.cluster.local', 'A')).rcode).toBe('NXDOMAIN');
    expect(data(await q('example.test', 'A'))).toEqual(['192.0.2.123']);
    expect(c.upstream.queries).toContain('example.test');
    // An ExternalName: the CNAME and, followed upstream, its target's address.
    expect(data(await q('ext.default.svc.cluster.local', 'A'))).toEqual(['example.test', '192.0.2.123']);

    // The same from inside a pod, through its resolv.conf (search path + ndots:5).
    const conf = await c.exec('client', 'cat /etc/resolv.conf');
    expect(conf.out).toContain(`nameserver ${c.dnsIP}`);
    const ext = await c.exec('client', 'nslookup example.test');
    expect(ext.out).toContain('192.0.2.123');
    const alias = await c.exec('client', 'nslookup ext.default.svc.cluster.local');
    expect(alias.out).toContain('192.0.2.123');
    const head = await c.exec('client', 'nslookup web-headless.default.svc.cluster.local');
    for (const p of podIPs) expect(head.out).toContain(p);
  }, 60_000);

  it('rebuilds an identical ruleset after a kube-proxy restart and keeps established connections', async () => {
    const conn = await EchoConn.open(ip(22), 9000);
    try {
      expect(await conn.roundTrip('before')).toBe('before');
      const before = ourTable();
      await c.stopProxy();
      expect(ourTable()).toBe(before); // stopping leaves the rules in place, as kube-proxy does
      expect(await conn.roundTrip('while-down')).toBe('while-down');
      await c.startProxy();
      // Same chains, rules, maps and elements; only the listing order may differ (incremental
      // writes append new chains, a fresh start writes them in sorted order).
      expect(normalizeTable(ourTable())).toEqual(normalizeTable(before));
      expect(normalizeTable(before).length).toBeGreaterThan(20);
      expect(await conn.roundTrip('after')).toBe('after');
      const fresh = await EchoConn.open(ip(22), 9000);
      expect(await fresh.roundTrip('new')).toBe('new');
      fresh.sock.destroy();
    } finally {
      conn.sock.destroy();
    }
  }, 120_000);

  it('refuses connections once the Deployment is scaled to 0 (REJECT, not a timeout)', async () => {
    const r = await c.api.kubectl(['scale', 'deployment/web', '--replicas=0']);
    expect(r.code).toBe(0);
    await eventually('reject rule for web', async () => ourTable().includes(`${webIP} . tcp . 80 : goto reject-chain`), 60_000, 20);
    expect(await httpGet(webIP, 80)).toEqual({ error: 'ECONNREFUSED' });
    expect(await httpGet(c.nodeIP, nodePort)).toEqual({ error: 'ECONNREFUSED' });
    const fromPod = await c.exec('client', 'wget -q -O - http://web.default.svc.cluster.local/ 2>&1; true');
    expect(fromPod.out).toMatch(/refused/i);
  }, 120_000);

  it('leaves no table, chain or set of ours after kube-proxy --cleanup and pod deletion', async () => {
    await c.apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' });
    for (const name of ['client', 'web-canary']) await c.core.deleteNamespacedPod({ name, namespace: 'default', gracePeriodSeconds: 0 });
    await eventually('runtime empty', async () => (await c.rt.listPodSandbox()).length === 0, 60_000, 250);
    await c.stopProxy();
    expect(listTables()).toContain(`ip ${c.table}`);
    const cleanup = await runProxy({ ...parseKubeProxyFlags(['--cleanup']), nftTable: c.table }, new AbortController().signal, { logger: silentLogger() });
    await cleanup.done;
    expect(listTables()).not.toContain(`ip ${c.table}`);
    expect(listTables().filter((t) => !c.tablesBefore.includes(t) && t.includes("k8ts-e2e"))).toEqual([]);
    const ruleset = execFileSync('nft', ['list', 'ruleset'], { encoding: 'utf8' });
    expect(ruleset).not.toContain(c.table);
    expect(ruleset).not.toContain(`${c.svcPrefix}.`);
  }, 120_000);
});
