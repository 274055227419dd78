// Node routes: the pure diffing, then (as root) the real kernel in a private netns.
import { spawnSync } from 'node:child_process';
import type { V1Node } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLogger } from '../../apimachinery/log.js';
import { NOMASQ_CHAIN, NodeRoutes, desiredRoutes, diffRoutes, ipInCidr, noMasqRules, peerPodCIDRs, takeNodeRoutesFlag } from './routes.js';

function node(name: string, podCIDR: string | undefined, ip: string | undefined): V1Node {
  return {
    metadata: { name },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: { addresses: ip ? [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] : [] },
  };
}

describe('node route diffing', () => {
  it('--node-routes flag', () => {
    expect(takeNodeRoutesFlag(['--node-name', 'a', '--root-dir', '/x'])).toEqual({ argv: ['--node-name', 'a', '--root-dir', '/x'], nodeRoutes: undefined });
    expect(takeNodeRoutesFlag(['--node-routes', '--node-name', 'a']).nodeRoutes).toBe(true);
    expect(takeNodeRoutesFlag(['--node-routes=false', '--node-name', 'a'])).toEqual({ argv: ['--node-name', 'a'], nodeRoutes: false });
    expect(takeNodeRoutesFlag(['--node-routes', 'false']).nodeRoutes).toBe(false);
    expect(() => takeNodeRoutesFlag(['--node-routes=maybe'])).toThrow(/true or false/);
  });

  it('ipInCidr', () => {
    expect(ipInCidr('10.0.3.7', '10.0.0.0/16')).toBe(true);
    expect(ipInCidr('10.1.3.7', '10.0.0.0/16')).toBe(false);
    expect(ipInCidr('192.168.1.5', '192.168.1.5/32')).toBe(true);
    expect(ipInCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('x', '0.0.0.0/0')).toBe(false);
  });

  it('wants one route per other node on a connected subnet', () => {
    const nodes = [
      node('a', '10.244.0.0/24', '192.168.9.1'),
      node('b', '10.244.1.0/24', '192.168.9.2'),
      node('c', '10.244.2.0/24', '192.168.9.3'),
      node('far', '10.244.3.0/24', '172.16.0.9'), // not on our L2: host-gw cannot route to it
      node('nocidr', undefined, '192.168.9.4'),
      node('noip', '10.244.5.0/24', undefined),
    ];
    const self = { name: 'a', podCIDR: '10.244.0.0/24', ips: ['192.168.9.1'] };
    expect(desiredRoutes(nodes, self, ['192.168.9.1/24'])).toEqual([
      { dst: '10.244.1.0/24', via: '192.168.9.2' },
      { dst: '10.244.2.0/24', via: '192.168.9.3' },
    ]);
  });

  it('adds missing and moved routes, deletes routes of nodes that are gone', () => {
    const current = [
      { dst: '10.244.1.0/24', via: '192.168.9.2' },
      { dst: '10.244.2.0/24', via: '192.168.9.3' },
      { dst: '10.244.9.0/24', via: '192.168.9.9' },
    ];
    const desired = [
      { dst: '10.244.1.0/24', via: '192.168.9.2' },
      { dst: '10.244.2.0/24', via: '192.168.9.33' },
      { dst: '10.244.4.0/24', via: '192.168.9.4' },
    ];
    expect(diffRoutes(current, desired)).toEqual({
      add: [{ dst: '10.244.2.0/24', via: '192.168.9.33' }, { dst: '10.244.4.0/24', via: '192.168.9.4' }],
      del: [{ dst: '10.244.9.0/24', via: '192.168.9.9' }],
    });
    expect(diffRoutes(desired, desired)).toEqual({ add: [], del: [] });
  });

  it('exempts pod → other pod CIDR traffic from masquerade', () => {
    const text = noMasqRules('10.244.0.0/24', ['10.244.1.0/24']);
    expect(text).toContain(`-A ${NOMASQ_CHAIN} -s 10.244.0.0/24 -d 10.244.1.0/24`);
    expect(text).toContain('-j ACCEPT');
    expect(noMasqRules(undefined, ['10.244.1.0/24'])).not.toContain('-A ');
    expect(peerPodCIDRs([node('a', '10.244.0.0/24', '1.1.1.1'), node('far', '10.244.3.0/24', '172.16.0.9'), node('x', undefined, '1.1.1.2')],
      { name: 'a', podCIDR: '10.244.0.0/24' })).toEqual(['10.244.3.0/24']);
  });
});

const isRoot = process.getuid?.() === 0;
const has = (bin: string, args: string[]): boolean => spawnSync(bin, args, { stdio: 'ignore' }).status === 0;
const kernel = isRoot && has('ip', ['-V']) && has('iptables', ['--version']);

describe.skipIf(!kernel)('node routes in a netns' + (kernel ? '' : ' (skipped: needs root, iproute2 and iptables)'), () => {
  const ns = `k8ts-rt-${process.pid}`;
  const ip = (...args: string[]): string => {
    const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const nat = (): string => spawnSync('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-S'], { encoding: 'utf8' }).stdout;
  const routes = new NodeRoutes({ log: newLogger({ component: 'routes-test', level: 'silent' }), netns: ns });

  beforeAll(() => {
    spawnSync('ip', ['netns', 'add', ns]);
    ip('link', 'add', 'eth9', 'type', 'veth', 'peer', 'name', 'eth9p'); // no dummy module here
    ip('link', 'set', 'eth9p', 'up');
    ip('addr', 'add', '192.168.77.1/24', 'dev', 'eth9');
    ip('link', 'set', 'eth9', 'up');
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns]);
  });

  it('adds, moves and removes routes as nodes come and go, and cleans up', async () => {
    const self = { name: 'a', podCIDR: '10.244.0.0/24' };
    const a = node('a', '10.244.0.0/24', '192.168.77.1');
    let diff = await routes.sync([a, node('b', '10.244.1.0/24', '192.168.77.2'), node('c', '10.244.2.0/24', '192.168.77.3'),
      node('far', '10.244.3.0/24', '10.9.9.9')], self);
    expect(diff.add).toHaveLength(2);
    let shown = ip('route', 'show', 'proto', '77');
    expect(shown).toContain('10.244.1.0/24 via 192.168.77.2 dev eth9');
    expect(shown).toContain('10.244.2.0/24 via 192.168.77.3 dev eth9');
    expect(shown).not.toContain('10.244.3.0');
    expect(nat()).toContain(`-A POSTROUTING -m comment --comment "k8ts node routes" -j ${NOMASQ_CHAIN}`);
    expect(nat()).toContain(`-A ${NOMASQ_CHAIN} -s 10.244.0.0/24 -d 10.244.2.0/24`);
    expect(nat()).toContain(`-A ${NOMASQ_CHAIN} -s 10.244.0.0/24 -d 10.244.3.0/24`); // not routed by us, still pod → pod

    // Idempotent: a second sync with the same nodes changes nothing.
    diff = await routes.sync([a, node('b', '10.244.1.0/24', '192.168.77.2'), node('c', '10.244.2.0/24', '192.168.77.3')], self);
    expect(diff).toEqual({ add: [], del: [] });

    // c is deleted; b moves to another address.
    diff = await routes.sync([a, node('b', '10.244.1.0/24', '192.168.77.20')], self);
    shown = ip('route', 'show', 'proto', '77');
    expect(shown).toContain('10.244.1.0/24 via 192.168.77.20 dev eth9');
    expect(shown).not.toContain('10.244.2.0/24');
    expect(nat()).not.toContain('-d 10.244.2.0/24');
    // One jump only, however often it syncs.
    expect(nat().split('\n').filter((l) => l.includes(`-A POSTROUTING -m comment --comment "k8ts node routes" -j ${NOMASQ_CHAIN}`))).toHaveLength(1);

    await routes.cleanup();
    expect(ip('route', 'show', 'proto', '77').trim()).toBe('');
    expect(nat()).not.toContain(NOMASQ_CHAIN);
    // Routes of other protocols are never touched.
    expect(ip('route', 'show')).toContain('192.168.77.0/24 dev eth9');
  });
});
