// The DNS answer logic, table-driven over an index built from fixture Services and EndpointSlices.
import { describe, expect, it } from 'vitest';
import type { Question } from 'dns-packet';
import { endpoint, service, slice } from '../testing/fixtures.js';
import { buildDnsIndex, reverseName } from './records.js';
import { resolve } from './resolver.js';

const services = [
  service('web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 9000, protocol: 'TCP' }] }),
  service('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }),
  service('ext', { type: 'ExternalName', externalName: 'example.com.' }),
  service('dual', { ns: 'other', clusterIP: '10.96.0.21' }),
];
services[3]!.spec!.clusterIPs = ['10.96.0.21', 'fd00:10:96::21'];
const slices = [
  slice('db', [endpoint('10.244.1.5', { hostname: 'db-0' }), endpoint('10.244.1.6'), endpoint('10.244.1.7', { ready: false })], [{ name: 'pg', port: 5432 }]),
  slice('web', [endpoint('10.244.2.5')], [{ name: 'http', port: 8080 }]),
];
const idx = buildDnsIndex(services, slices, 'cluster.local');

type Row = { name: string; q: Question; rcode?: string; answers?: Array<[string, unknown]>; forward?: boolean; additionals?: string[] };
const rows: Row[] = [
  { name: 'ClusterIP A', q: { name: 'web.default.svc.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [['A', '10.96.0.20']] },
  { name: 'case and trailing dot ignored', q: { name: 'WEB.Default.svc.cluster.local.', type: 'A' }, rcode: 'NOERROR', answers: [['A', '10.96.0.20']] },
  { name: 'AAAA of an IPv4-only service is NODATA', q: { name: 'web.default.svc.cluster.local', type: 'AAAA' }, rcode: 'NOERROR', answers: [] },
  { name: 'dual-stack AAAA', q: { name: 'dual.other.svc.cluster.local', type: 'AAAA' }, rcode: 'NOERROR', answers: [['AAAA', 'fd00:10:96::21']] },
  {
    name: 'SRV for a named port points at the service',
    q: { name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV' },
    rcode: 'NOERROR',
    answers: [['SRV', { priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]],
    additionals: ['web.default.svc.cluster.local A 10.96.0.20'],
  },
  { name: 'no SRV for an unnamed port', q: { name: '_9000._tcp.web.default.svc.cluster.local', type: 'SRV' }, rcode: 'NXDOMAIN', answers: [] },
  {
    name: 'headless A → ready endpoints only',
    q: { name: 'db.default.svc.cluster.local', type: 'A' },
    rcode: 'NOERROR',
    answers: [['A', '10.244.1.5'], ['A', '10.244.1.6']],
  },
  { name: 'headless hostname record', q: { name: 'db-0.db.default.svc.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [['A', '10.244.1.5']] },
  { name: 'headless dashed-IP record', q: { name: '10-244-1-6.db.default.svc.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [['A', '10.244.1.6']] },
  { name: 'not-ready endpoint has no record', q: { name: '10-244-1-7.db.default.svc.cluster.local', type: 'A' }, rcode: 'NXDOMAIN', answers: [] },
  {
    name: 'headless SRV → one per endpoint with its own name',
    q: { name: '_pg._tcp.db.default.svc.cluster.local', type: 'SRV' },
    rcode: 'NOERROR',
    answers: [
      ['SRV', { priority: 0, weight: 50, port: 5432, target: '10-244-1-6.db.default.svc.cluster.local' }],
      ['SRV', { priority: 0, weight: 50, port: 5432, target: 'db-0.db.default.svc.cluster.local' }],
    ],
    additionals: ['10-244-1-6.db.default.svc.cluster.local A 10.244.1.6', 'db-0.db.default.svc.cluster.local A 10.244.1.5'],
  },
  { name: 'ExternalName → CNAME', q: { name: 'ext.default.svc.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [['CNAME', 'example.com']] },
  { name: 'unknown service → NXDOMAIN', q: { name: 'nope.default.svc.cluster.local', type: 'A' }, rcode: 'NXDOMAIN', answers: [] },
  { name: 'namespace name exists (NODATA)', q: { name: 'default.svc.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [] },
  { name: 'unknown namespace → NXDOMAIN', q: { name: 'web.nons.svc.cluster.local', type: 'A' }, rcode: 'NXDOMAIN', answers: [] },
  { name: 'pod A record', q: { name: '10-244-1-9.default.pod.cluster.local', type: 'A' }, rcode: 'NOERROR', answers: [['A', '10.244.1.9']] },
  { name: 'PTR of a ClusterIP', q: { name: '20.0.96.10.in-addr.arpa', type: 'PTR' }, rcode: 'NOERROR', answers: [['PTR', 'web.default.svc.cluster.local']] },
  { name: 'PTR of a pod IP', q: { name: reverseName('10.244.1.5'), type: 'PTR' }, rcode: 'NOERROR', answers: [['PTR', 'db-0.db.default.svc.cluster.local']] },
  { name: 'PTR of an unknown IP is forwarded', q: { name: '8.8.8.8.in-addr.arpa', type: 'PTR' }, forward: true },
  { name: 'names outside the zone are forwarded', q: { name: 'example.com', type: 'A' }, forward: true },
];

describe('DNS resolver', () => {
  it.each(rows)('$name', ({ q, rcode, answers, forward, additionals }) => {
    const r = resolve(idx, q);
    if (forward) {
      expect(r).toEqual({ kind: 'forward' });
      return;
    }
    if (r.kind !== 'answer') throw new Error('expected an answer');
    expect(r.rcode).toBe(rcode);
    expect(r.answers.map((a) => [a.type, 'data' in a ? a.data : undefined])).toEqual(answers);
    // Negative answers carry the zone's SOA for negative caching.
    expect(r.authorities.map((a) => a.type)).toEqual(r.answers.length === 0 ? ['SOA'] : []);
    if (additionals) expect(r.additionals.map((a) => `${a.name} ${a.type} ${'data' in a ? String(a.data) : ''}`)).toEqual(additionals);
  });

  it.each([
    ['10.96.0.1', '1.0.96.10.in-addr.arpa'],
    ['fd00::21', `1.2.0.0.${'0.0.0.0.'.repeat(6)}0.0.d.f.ip6.arpa`],
  ])('reverse name of %s', (ip, want) => {
    expect(reverseName(ip)).toBe(want);
  });

  it('uses the configured zone', () => {
    const other = buildDnsIndex(services, slices, 'k8ts.test.');
    const r = resolve(other, { name: 'web.default.svc.k8ts.test', type: 'A' });
    expect(r.kind === 'answer' && r.answers.length).toBe(1);
    expect(resolve(other, { name: 'web.default.svc.cluster.local', type: 'A' })).toEqual({ kind: 'forward' });
  });
});
