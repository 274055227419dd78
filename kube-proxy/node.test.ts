// NodePort addresses from --nodeport-addresses, CIDR matching, and when route_localnet is needed.
import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { inCIDR, localAddressesIn, nodeFacts, wantsLocalhostNodePorts } from './node.js';

const v4 = (address: string): NetworkInterfaceInfo => ({ address, family: 'IPv4', netmask: '255.255.255.0', mac: '', internal: false, cidr: `${address}/24` });
const ifaces = { lo: [v4('127.0.0.1')], eth0: [v4('192.0.2.2'), { ...v4('fd00::2'), family: 'IPv6' as const, scopeid: 0 }], veth: [v4('10.250.0.1')] };

describe('node facts', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.3', '10.1.2.4/32', false],
    ['192.0.2.2', '0.0.0.0/0', true],
    ['192.0.2.2', '192.0.3.0/24', false],
    ['not-an-ip', '0.0.0.0/0', false],
  ])('%s in %s → %s', (ip, cidr, want) => {
    expect(inCIDR(ip, cidr)).toBe(want);
  });

  it.each([
    { name: 'no flag: every address via fib', cidrs: [], want: 'all', localhost: true },
    { name: 'host network only', cidrs: ['192.0.2.0/24'], want: ['192.0.2.2'], localhost: false },
    { name: 'veth and loopback', cidrs: ['10.250.0.0/30', '127.0.0.1/32'], want: ['10.250.0.1', '127.0.0.1'], localhost: true },
  ])('$name', ({ cidrs, want, localhost }) => {
    const f = nodeFacts(cidrs, undefined, ifaces);
    expect(f.nodePortIPs).toEqual(want);
    expect(wantsLocalhostNodePorts(f)).toBe(localhost);
  });

  it('ignores IPv6 addresses', () => {
    expect(localAddressesIn(['0.0.0.0/0'], ifaces)).toEqual(['10.250.0.1', '127.0.0.1', '192.0.2.2']);
  });
});
