// The answer logic as a pure function over a DnsIndex: authoritative answers inside the cluster
// zone (NOERROR with records, NODATA, or NXDOMAIN with the zone's SOA for negative caching), PTR
// for known addresses, `a-b-c-d.<ns>.pod.<zone>` pod names, and "forward" for everything else.
import type { Answer, Question, SoaAnswer } from 'dns-packet';
import type { DnsIndex } from './records.js';

export const Ttl = 5;

export type Rcode = 'NOERROR' | 'NXDOMAIN';

export type Resolution =
  | { kind: 'answer'; rcode: Rcode; answers: Answer[]; additionals: Answer[]; authorities: Answer[] }
  | { kind: 'forward' };

export function soa(zone: string): SoaAnswer {
  return {
    name: zone,
    type: 'SOA',
    ttl: Ttl,
    data: { mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: Ttl },
  };
}

const podName = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.[a-z0-9-]+\.pod$/;

function answer(rcode: Rcode, zone: string, answers: Answer[], additionals: Answer[] = []): Resolution {
  return { kind: 'answer', rcode, answers, additionals, authorities: answers.length === 0 ? [soa(zone)] : [] };
}

function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

export function resolve(idx: DnsIndex, q: Question): Resolution {
  const name = q.name.toLowerCase().replace(/\.$/, '');
  const type: string = q.type; // 'ANY' (255) decodes too, though RecordType omits it
  const want = (t: string): boolean => type === t || type === 'ANY';

  if (name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa')) {
    const targets = idx.ptr.get(name);
    // Unknown addresses fall through to the upstream resolvers (CoreDNS `fallthrough`).
    if (!targets) return { kind: 'forward' };
    const answers: Answer[] = want('PTR') ? targets.map((t) => ({ name, type: 'PTR', ttl: Ttl, data: t })) : [];
    return answer('NOERROR', idx.zone, answers);
  }
  if (!inZone(name, idx.zone)) return { kind: 'forward' };

  const local = name.slice(0, Math.max(0, name.length - idx.zone.length - 1));
  const pod = podName.exec(local);
  if (pod && pod.slice(1, 5).every((o) => Number(o) <= 255)) {
    const ip = pod.slice(1, 5).join('.');
    return answer('NOERROR', idx.zone, want('A') ? [{ name, type: 'A', ttl: Ttl, data: ip }] : []);
  }

  const r = idx.names.get(name);
  if (!r) return idx.parents.has(name) ? answer('NOERROR', idx.zone, []) : answer('NXDOMAIN', idx.zone, []);
  if (r.cname) {
    return answer('NOERROR', idx.zone, type === 'SOA' ? [] : [{ name, type: 'CNAME', ttl: Ttl, data: r.cname }]);
  }
  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  if (want('A')) for (const ip of r.a) answers.push({ name, type: 'A', ttl: Ttl, data: ip });
  if (want('AAAA')) for (const ip of r.aaaa) answers.push({ name, type: 'AAAA', ttl: Ttl, data: ip });
  if (want('SRV')) {
    for (const s of r.srv) {
      answers.push({ name, type: 'SRV', ttl: Ttl, data: { priority: 0, weight: Math.floor(100 / r.srv.length), port: s.port, target: s.target } });
      const t = idx.names.get(s.target);
      for (const ip of t?.a ?? []) {
        if (!additionals.some((a) => a.name === s.target && a.type === 'A' && a.data === ip)) additionals.push({ name: s.target, type: 'A', ttl: Ttl, data: ip });
      }
    }
  }
  return answer('NOERROR', idx.zone, answers, additionals);
}
