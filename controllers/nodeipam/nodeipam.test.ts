import { describe, expect, it } from 'vitest';
import { FakeCluster, settle, testContext } from '../testing/index.js';
import { CidrAllocator, formatCidr, parseCidr } from './cidr.js';
import { NodeIpamController } from './controller.js';

describe('CidrAllocator', () => {
  it.each([
    ['10.244.0.0/16', 24, 256, ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']],
    ['10.0.0.0/8', 16, 256, ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']],
    ['192.168.0.0/24', 26, 4, ['192.168.0.0/26', '192.168.0.64/26', '192.168.0.128/26']],
  ])('%s /%i', (cluster, mask, capacity, first) => {
    const a = new CidrAllocator(cluster, mask);
    expect(a.capacity).toBe(capacity);
    expect([a.allocate(), a.allocate(), a.allocate()]).toEqual(first);
  });

  it('skips occupied blocks, reuses released ones, and reports exhaustion', () => {
    const a = new CidrAllocator('10.0.0.0/30', 31);
    expect(a.occupy('10.0.0.0/31')).toBe(true);
    expect(a.allocate()).toBe('10.0.0.2/31');
    expect(a.allocate()).toBeUndefined();
    a.release('10.0.0.0/31');
    expect(a.allocate()).toBe('10.0.0.0/31');
    expect(a.occupy('192.168.0.0/31')).toBe(false);
    expect(a.occupy('10.0.0.0/24')).toBe(false);
  });

  it('rejects bad flags', () => {
    expect(() => new CidrAllocator('10.244.0.0/16', 8)).toThrow(/mask-size/);
    expect(() => parseCidr('10.244.0.0')).toThrow();
    expect(formatCidr(parseCidr('10.244.3.7/24'))).toBe('10.244.3.0/24');
  });
});

describe('NodeIpamController', () => {
  const opts = { clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24 };

  it('assigns distinct CIDRs and never duplicates across a restart', async () => {
    const cluster = new FakeCluster();
    cluster.seed('nodes', { metadata: { name: 'a' } });
    cluster.seed('nodes', { metadata: { name: 'b' } });
    const first = new NodeIpamController(testContext(cluster).ctx, opts);
    await settle([first.controller]);
    expect(cluster.get('nodes', undefined, 'a')!.spec).toMatchObject({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
    expect(cluster.get('nodes', undefined, 'b')!.spec!.podCIDR).toBe('10.244.1.0/24');

    // a fresh process (new cache, new allocator) sees a new node
    cluster.seed('nodes', { metadata: { name: 'c' } });
    const restarted = new NodeIpamController(testContext(cluster).ctx, opts);
    await settle([restarted.controller]);
    expect(cluster.get('nodes', undefined, 'c')!.spec!.podCIDR).toBe('10.244.2.0/24');
  });

  it('releases the CIDR of a deleted node', async () => {
    const { cluster, ctx } = testContext();
    const c = new NodeIpamController(ctx, opts);
    cluster.seed('nodes', { metadata: { name: 'a' } });
    await settle([c.controller]);
    await cluster.clients.nodes.delete(undefined, 'a');
    expect(c.allocator.allocated).toBe(0);
  });
});
