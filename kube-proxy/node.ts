// Node-local facts for the rules: which local addresses answer NodePorts (--nodeport-addresses)
// and the route_localnet sysctl that lets 127.0.0.1:<nodePort> be DNATed off the host.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Logger } from '../apimachinery/log.js';
import { isIPv4 } from './model/index.js';
import type { NodeFacts } from './nft/rules.js';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0) >>> 0;
}

/** Whether IPv4 `ip` lies in `cidr` (a bare address counts as /32). */
export function inCIDR(ip: string, cidr: string): boolean {
  const [base, bitsStr] = cidr.split('/');
  const bits = bitsStr === undefined ? 32 : Number(bitsStr);
  if (!isIPv4(ip) || !isIPv4(base) || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(base) & mask) >>> 0);
}

type Ifaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Local IPv4 addresses inside any of `cidrs`, sorted. */
export function localAddressesIn(cidrs: string[], ifaces: Ifaces = networkInterfaces()): string[] {
  const out = new Set<string>();
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && cidrs.some((c) => inCIDR(a.address, c))) out.add(a.address);
    }
  }
  return [...out].sort((a, b) => ipToInt(a) - ipToInt(b));
}

/** NodeFacts from the flags: every local address when no --nodeport-addresses was given. */
export function nodeFacts(nodePortAddresses: string[], clusterCIDR: string | undefined, ifaces?: Ifaces): NodeFacts {
  const facts: NodeFacts = { nodePortIPs: nodePortAddresses.length === 0 ? 'all' : localAddressesIn(nodePortAddresses, ifaces) };
  if (clusterCIDR) facts.clusterCIDR = clusterCIDR;
  return facts;
}

/** Whether NodePorts answer on 127.0.0.1 (then route_localnet must be on). */
export function wantsLocalhostNodePorts(facts: NodeFacts): boolean {
  return facts.nodePortIPs === 'all' || facts.nodePortIPs.some((ip) => inCIDR(ip, '127.0.0.0/8'));
}

const routeLocalnet = '/proc/sys/net/ipv4/conf/all/route_localnet';

/** Turns route_localnet on (as kube-proxy's iptables mode does); logs rather than fails. */
export function ensureRouteLocalnet(log: Logger, path = routeLocalnet): void {
  try {
    if (readFileSync(path, 'utf8').trim() === '1') return;
    writeFileSync(path, '1');
    log.info({ sysctl: 'net.ipv4.conf.all.route_localnet' }, 'set to 1 for NodePorts on 127.0.0.1');
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot set route_localnet; NodePorts on 127.0.0.1 will not work');
  }
}
