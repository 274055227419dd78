// The DNS view of the cluster, built purely from Services + EndpointSlices as the Kubernetes DNS
// spec lays it out: <svc>.<ns>.svc.<zone> (A/AAAA, CNAME for ExternalName), SRV for named ports,
// headless Services → ready endpoint IPs and <hostname>.<svc>.<ns>.svc.<zone>, and PTR records.
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { slicesByService } from '../model/index.js';

export interface SrvTarget {
  port: number;
  target: string;
}

export interface NameRecords {
  a: string[];
  aaaa: string[];
  srv: SrvTarget[];
  cname?: string;
}

export interface DnsIndex {
  zone: string;
  /** Lower-case names without the trailing dot. */
  names: Map<string, NameRecords>;
  /** Reverse name (`4.3.2.1.in-addr.arpa`) → PTR targets. */
  ptr: Map<string, string[]>;
  /** Names that exist without records of their own (parents of records): NODATA, not NXDOMAIN. */
  parents: Set<string>;
}

const isV6 = (ip: string): boolean => ip.includes(':');

/** The in-addr.arpa / ip6.arpa name of an address. */
export function reverseName(ip: string): string {
  if (!isV6(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const halves = ip.split('::');
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const full = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  const hex = full.map((g) => g.padStart(4, '0')).join('');
  return `${hex.split('').reverse().join('.')}.ip6.arpa`;
}

/** Endpoint label for an endpoint without hostname: its IP with dashes (as CoreDNS does). */
export function dashed(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

function entry(idx: DnsIndex, name: string): NameRecords {
  let r = idx.names.get(name);
  if (!r) idx.names.set(name, (r = { a: [], aaaa: [], srv: [] }));
  return r;
}

function addAddr(r: NameRecords, ip: string): void {
  const list = isV6(ip) ? r.aaaa : r.a;
  if (!list.includes(ip)) list.push(ip);
}

function addPtr(idx: DnsIndex, ip: string, target: string): void {
  const rev = reverseName(ip);
  const list = idx.ptr.get(rev) ?? [];
  if (!list.includes(target)) list.push(target);
  idx.ptr.set(rev, list);
}

export function buildDnsIndex(services: V1Service[], slices: V1EndpointSlice[], zone: string): DnsIndex {
  const z = zone.toLowerCase().replace(/\.$/, '');
  const idx: DnsIndex = { zone: z, names: new Map(), ptr: new Map(), parents: new Set() };
  const bySvc = slicesByService(slices);
  for (const svc of services) {
    const ns = svc.metadata?.namespace ?? '';
    const name = svc.metadata?.name ?? '';
    const spec = svc.spec ?? {};
    const base = `${name}.${ns}.svc.${z}`;
    if (spec.type === 'ExternalName') {
      if (spec.externalName) entry(idx, base).cname = spec.externalName.toLowerCase().replace(/\.$/, '');
      continue;
    }
    const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
    const headless = ips.length === 0 || ips[0] === 'None';
    if (!headless) {
      const r = entry(idx, base);
      for (const ip of ips) {
        addAddr(r, ip);
        addPtr(idx, ip, base);
      }
      for (const p of spec.ports ?? []) {
        if (!p.name) continue;
        entry(idx, `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${base}`).srv.push({ port: p.port, target: base });
      }
      continue;
    }
    // Headless: the endpoints themselves. A headless Service with no ready endpoints still exists.
    entry(idx, base);
    for (const s of bySvc.get(`${ns}/${name}`) ?? []) {
      for (const e of s.endpoints ?? []) {
        if (e.conditions?.ready === false && !spec.publishNotReadyAddresses) continue;
        for (const ip of e.addresses ?? []) {
          const host = `${(e.hostname ?? dashed(ip)).toLowerCase()}.${base}`;
          addAddr(entry(idx, base), ip);
          addAddr(entry(idx, host), ip);
          addPtr(idx, ip, host);
          for (const p of s.ports ?? []) {
            if (!p.name || p.port === undefined) continue;
            const srv = entry(idx, `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${base}`).srv;
            if (!srv.some((t) => t.target === host && t.port === p.port)) srv.push({ port: p.port, target: host });
          }
        }
      }
    }
  }
  for (const r of idx.names.values()) {
    r.a.sort();
    r.aaaa.sort();
    r.srv.sort((x, y) => (x.target < y.target ? -1 : x.target > y.target ? 1 : x.port - y.port));
  }
  for (const n of idx.names.keys()) {
    for (let p = n; p.length > z.length; p = p.slice(p.indexOf('.') + 1)) {
      if (p !== n) idx.parents.add(p);
    }
  }
  idx.parents.add(z);
  return idx;
}
