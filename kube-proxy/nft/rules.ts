// The proxy rules as a pure function: service ports + node facts → one nftables table, laid out as
// kube-proxy's nftables mode does (services → service-/external- chains → endpoint- chains, verdict
// maps keyed by `ip . proto . port`, reject for services without endpoints, mark 0x4000 + masquerade).
import { localEndpoints, servicePortName, usableEndpoints, type ProxyEndpoint, type ServicePort } from '../model/index.js';
import type { NftChain, NftSet, NftTable } from './table.js';

export const TableName = 'k8ts-proxy';
export const MasqueradeMark = '0x4000';

export interface NodeFacts {
  /** Where NodePorts answer: every local address (`'all'`, via fib) or these addresses. */
  nodePortIPs: 'all' | string[];
  /** Pod CIDR: ClusterIP traffic from outside it is masqueraded (kube-proxy --cluster-cidr). */
  clusterCIDR?: string;
  /** This node's name (--hostname-override): endpoints with this nodeName are local. */
  nodeName?: string;
}

const proto = (sp: ServicePort): string => sp.protocol.toLowerCase();
const serviceChain = (sp: ServicePort): string => `service-${servicePortName(sp)}`;
const externalChain = (sp: ServicePort): string => `external-${servicePortName(sp)}`;
const endpointChain = (sp: ServicePort, ep: ProxyEndpoint): string => `endpoint-${servicePortName(sp)}__${ep.ip}/${ep.port}`;
const affinitySet = (sp: ServicePort, ep: ProxyEndpoint): string => `affinity-${servicePortName(sp)}__${ep.ip}/${ep.port}`;

function nodePortMatch(f: NodeFacts): string | undefined {
  if (f.nodePortIPs === 'all') return 'fib daddr type local';
  if (f.nodePortIPs.length === 0) return undefined;
  return `ip daddr { ${f.nodePortIPs.join(', ')} }`;
}

/** The fixed skeleton: hooks, masquerading, the dispatch maps and the reject path. */
function skeleton(f: NodeFacts): { chains: NftChain[]; sets: NftSet[] } {
  const np = nodePortMatch(f);
  const chains: NftChain[] = [
    { name: 'nat-prerouting', base: { type: 'nat', hook: 'prerouting', priority: -100 }, rules: ['jump services'] },
    { name: 'nat-output', base: { type: 'nat', hook: 'output', priority: -100 }, rules: ['jump services'] },
    { name: 'nat-postrouting', base: { type: 'nat', hook: 'postrouting', priority: 100 }, rules: ['jump masquerading'] },
    { name: 'filter-input', base: { type: 'filter', hook: 'input', priority: -110 }, rules: ['ct state new jump endpoints-check'] },
    { name: 'filter-forward', base: { type: 'filter', hook: 'forward', priority: -110 }, rules: ['ct state new jump endpoints-check'] },
    // After nat-output's DNAT (-100), like filter-input/forward after prerouting's: the checks see
    // only traffic no service chain translated (no endpoints, or dropped by a Local policy).
    { name: 'filter-output', base: { type: 'filter', hook: 'output', priority: -90 }, rules: ['ct state new jump endpoints-check'] },
    { name: 'mark-for-masquerade', rules: [`meta mark set meta mark | ${MasqueradeMark}`] },
    {
      name: 'masquerading',
      rules: [`meta mark & ${MasqueradeMark} == 0 return`, `meta mark set meta mark ^ ${MasqueradeMark}`, 'masquerade fully-random'],
    },
    {
      name: 'services',
      rules: ['ip daddr . meta l4proto . th dport vmap @service-ips', ...(np ? [`${np} meta l4proto . th dport vmap @service-nodeports`] : [])],
    },
    {
      name: 'endpoints-check',
      rules: ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services', ...(np ? [`${np} meta l4proto . th dport vmap @no-endpoint-nodeports`] : [])],
    },
    { name: 'reject-chain', rules: ['reject'] },
  ];
  const ipMap = 'type ipv4_addr . inet_proto . inet_service : verdict;';
  const portMap = 'type inet_proto . inet_service : verdict;';
  const sets: NftSet[] = [
    { name: 'service-ips', kind: 'map', spec: ipMap, elements: [] },
    { name: 'service-nodeports', kind: 'map', spec: portMap, elements: [] },
    { name: 'no-endpoint-services', kind: 'map', spec: ipMap, elements: [] },
    { name: 'no-endpoint-nodeports', kind: 'map', spec: portMap, elements: [] },
  ];
  return { chains, sets };
}

/** Dispatch to `eps` (affinity first when on): the body of a cluster or local policy chain. */
function dispatchRules(sp: ServicePort, eps: ProxyEndpoint[]): string[] {
  const rules: string[] = [];
  if (sp.affinityTimeoutSeconds !== undefined) {
    for (const ep of eps) rules.push(`ip saddr @${affinitySet(sp, ep)} goto ${endpointChain(sp, ep)}`);
  }
  if (eps.length === 1) rules.push(`goto ${endpointChain(sp, eps[0]!)}`);
  else rules.push(`numgen random mod ${eps.length} vmap { ${eps.map((ep, i) => `${i} : goto ${endpointChain(sp, ep)}`).join(', ')} }`);
  return rules;
}

/**
 * The whole table for these service ports. Deterministic: same input, same text.
 *
 * Per service port, as kube-proxy lays it out: `service-` (cluster policy: every usable endpoint),
 * `local-` (local policy: usable endpoints on this node), `external-` (NodePort, external and LB
 * IPs), one `endpoint-` chain per endpoint. ClusterIP traffic goes to the local chain under
 * internalTrafficPolicy Local, else the cluster chain. External traffic is masqueraded and sent to
 * the cluster chain under externalTrafficPolicy Cluster; under Local, traffic from pods or from
 * this node short-circuits to the cluster chain (masqueraded when from the node) and the rest goes
 * unmasqueraded (client IP kept) to local endpoints only. A destination whose policy leaves no
 * endpoint is dropped; a service without any usable endpoint is rejected.
 */
export function buildTable(ports: ServicePort[], facts: NodeFacts): NftTable {
  const { chains, sets } = skeleton(facts);
  const map = (name: string): NftSet => sets.find((s) => s.name === name)!;
  const serviceIps = map('service-ips');
  const nodePorts = map('service-nodeports');
  const noEpIps = map('no-endpoint-services');
  const noEpPorts = map('no-endpoint-nodeports');

  for (const sp of ports) {
    const p = proto(sp);
    const all = usableEndpoints(sp.endpoints);
    const externalIPs = [...sp.externalIPs, ...sp.loadBalancerIPs.filter((ip) => !sp.externalIPs.includes(ip))];
    const hasExternal = externalIPs.length > 0 || sp.nodePort !== undefined;

    if (all.length === 0) {
      for (const ip of [...sp.clusterIPs, ...externalIPs]) noEpIps.elements.push(`${ip} . ${p} . ${sp.port} : goto reject-chain`);
      if (sp.nodePort !== undefined) noEpPorts.elements.push(`${p} . ${sp.nodePort} : goto reject-chain`);
      continue;
    }
    const local = sp.internalPolicyLocal || sp.externalPolicyLocal ? localEndpoints(sp.endpoints, facts.nodeName) : [];
    const usesCluster = !sp.internalPolicyLocal || hasExternal;
    const localChain = local.length > 0 ? `local-${servicePortName(sp)}` : undefined;
    const clusterIPChain = sp.internalPolicyLocal ? localChain : serviceChain(sp);
    const masq = facts.clusterCIDR
      ? sp.clusterIPs.map((ip) => `ip daddr ${ip} ${p} dport ${sp.port} ip saddr != ${facts.clusterCIDR} jump mark-for-masquerade`)
      : [];

    if (usesCluster) chains.push({ name: serviceChain(sp), rules: [...(sp.internalPolicyLocal ? [] : masq), ...dispatchRules(sp, all)] });
    if (localChain) chains.push({ name: localChain, rules: [...(sp.internalPolicyLocal ? masq : []), ...dispatchRules(sp, local)] });

    for (const ip of sp.clusterIPs) {
      if (clusterIPChain) serviceIps.elements.push(`${ip} . ${p} . ${sp.port} : goto ${clusterIPChain}`);
      else noEpIps.elements.push(`${ip} . ${p} . ${sp.port} : drop`);
    }
    if (hasExternal) {
      const ext: NftChain = { name: externalChain(sp), rules: [] };
      if (!sp.externalPolicyLocal) ext.rules.push('jump mark-for-masquerade', `goto ${serviceChain(sp)}`);
      else {
        if (facts.clusterCIDR) ext.rules.push(`ip saddr ${facts.clusterCIDR} goto ${serviceChain(sp)}`);
        ext.rules.push('fib saddr type local jump mark-for-masquerade', `fib saddr type local goto ${serviceChain(sp)}`);
        if (localChain) ext.rules.push(`goto ${localChain}`);
      }
      chains.push(ext);
      for (const ip of externalIPs) serviceIps.elements.push(`${ip} . ${p} . ${sp.port} : goto ${ext.name}`);
      if (sp.nodePort !== undefined) nodePorts.elements.push(`${p} . ${sp.nodePort} : goto ${ext.name}`);
      if (sp.externalPolicyLocal && !localChain) {
        // No endpoint on this node: traffic from outside falls through the external chain un-NATed
        // and is dropped by the filter check (the load balancer's health check on
        // healthCheckNodePort steers it to other nodes); pods and the node itself still get in.
        for (const ip of externalIPs) noEpIps.elements.push(`${ip} . ${p} . ${sp.port} : drop`);
        if (sp.nodePort !== undefined) noEpPorts.elements.push(`${p} . ${sp.nodePort} : drop`);
      }
    }

    const seen = new Set<string>();
    for (const ep of [...(usesCluster ? all : []), ...local]) {
      const name = endpointChain(sp, ep);
      if (seen.has(name)) continue;
      seen.add(name);
      const rules = [`ip saddr ${ep.ip} jump mark-for-masquerade`];
      if (sp.affinityTimeoutSeconds !== undefined) {
        const set = affinitySet(sp, ep);
        sets.push({ name: set, kind: 'set', spec: `type ipv4_addr; flags dynamic,timeout; timeout ${sp.affinityTimeoutSeconds}s;`, elements: [] });
        rules.push(`update @${set} { ip saddr }`);
      }
      rules.push(`meta l4proto ${p} dnat to ${ep.ip}:${ep.port}`);
      chains.push({ name, rules });
    }
  }
  return { family: 'ip', name: TableName, chains, sets };
}
