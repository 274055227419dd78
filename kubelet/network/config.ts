// The pod network's CNI configurations: loopback on lo, then bridge + host-local on eth0,
// chained with portmap for hostPorts. Pure functions, so the shapes are unit-tested.
import type { CniResult } from './cni.js';

export const CNI_VERSION = '1.0.0';

export interface PodNetworkOptions {
  /** The node's pod CIDR (spec.podCIDR), e.g. "10.244.1.0/24". */
  podCIDR: string;
  /** Directory under the node's state dir: host-local allocations and cached results live here. */
  stateDir: string;
  bridge?: string;        // default "k8ts0"
  networkName?: string;   // default "k8ts"
  binDir?: string;        // default "/usr/lib/cni"
  mtu?: number;
}

export interface HostPortMapping { hostPort: number; containerPort: number; protocol: string; hostIP?: string }

export function loopbackConfig(name: string): Record<string, unknown> {
  return { cniVersion: CNI_VERSION, name, type: 'loopback' };
}

export function bridgeConfig(o: PodNetworkOptions, ipamDataDir: string): Record<string, unknown> {
  return {
    cniVersion: CNI_VERSION,
    name: o.networkName ?? 'k8ts',
    type: 'bridge',
    bridge: o.bridge ?? 'k8ts0',
    isGateway: true,
    ipMasq: true,
    hairpinMode: true,
    ...(o.mtu ? { mtu: o.mtu } : {}),
    ipam: {
      type: 'host-local',
      ranges: [[{ subnet: o.podCIDR }]],
      routes: [{ dst: '0.0.0.0/0' }],
      dataDir: ipamDataDir,
    },
  };
}

export function portmapConfig(name: string, mappings: HostPortMapping[], prevResult?: CniResult): Record<string, unknown> {
  return {
    cniVersion: CNI_VERSION,
    name,
    type: 'portmap',
    capabilities: { portMappings: true },
    snat: true,
    runtimeConfig: { portMappings: mappings.map((m) => ({
      hostPort: m.hostPort, containerPort: m.containerPort, protocol: m.protocol.toLowerCase(),
      ...(m.hostIP ? { hostIP: m.hostIP } : {}),
    })) },
    ...(prevResult ? { prevResult } : {}),
  };
}

/** The first IPv4 address of a result, without its prefix length. */
export function podIPFromResult(r: CniResult): string | undefined {
  for (const ip of r.ips ?? []) {
    const addr = ip.address.split('/')[0];
    if (addr && !addr.includes(':')) return addr;
  }
  return r.ips?.[0]?.address.split('/')[0];
}
