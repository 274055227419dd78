// The pod's resolver configuration from dnsPolicy: ClusterFirst → the cluster DNS with the search
// path <ns>.svc.<domain> svc.<domain> <domain> and ndots:5; Default → the host's (runtime copies
// /etc/resolv.conf); None → only dnsConfig. dnsConfig entries are merged in as Kubernetes does.
import type { V1Pod } from '@kubernetes/client-node';
import type { DNSConfig } from '../runtime/index.js';

export interface ClusterDNS {
  servers: string[];
  domain: string;
}

export function podDNSConfig(pod: V1Pod, cluster: ClusterDNS): DNSConfig | undefined {
  const spec = pod.spec;
  let policy = spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && spec?.hostNetwork) policy = 'Default';
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  if (policy === 'ClusterFirst' && cluster.servers.length === 0) policy = 'Default';
  let cfg: DNSConfig;
  if (policy === 'ClusterFirst') {
    const ns = pod.metadata?.namespace ?? 'default';
    const d = cluster.domain;
    cfg = { servers: [...cluster.servers], searches: [`${ns}.svc.${d}`, `svc.${d}`, d], options: ['ndots:5'] };
  } else if (policy === 'None') {
    cfg = {};
  } else {
    cfg = {};
  }
  const extra = spec?.dnsConfig;
  if (extra) {
    cfg.servers = [...new Set([...(cfg.servers ?? []), ...(extra.nameservers ?? [])])];
    cfg.searches = [...new Set([...(cfg.searches ?? []), ...(extra.searches ?? [])])];
    const opts = new Map<string, string>();
    for (const o of cfg.options ?? []) opts.set(o.split(':')[0]!, o);
    for (const o of extra.options ?? []) opts.set(o.name ?? '', o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ''));
    cfg.options = [...opts.values()].filter(Boolean);
  }
  const empty = !cfg.servers?.length && !cfg.searches?.length && !cfg.options?.length;
  // Default with no dnsConfig: undefined lets the runtime copy the host's resolv.conf.
  return empty && policy !== 'None' ? undefined : cfg;
}
