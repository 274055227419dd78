// Message handling without sockets: encode/decode round trip, FORMERR, SERVFAIL, truncation,
// and that forwarded replies come back byte for byte.
import { describe, expect, it } from 'vitest';
import * as packet from 'dns-packet';
import { service } from '../testing/fixtures.js';
import { handleMessage, type HandlerDeps } from './handler.js';
import { buildDnsIndex } from './records.js';
import { parseUpstream, resolvConfNameservers } from './upstream.js';

const many = Array.from({ length: 60 }, (_, i) => `10.96.1.${i + 1}`);
const wide = service('wide', { clusterIP: many[0] });
wide.spec!.clusterIPs = many;
const idx = buildDnsIndex([
  service('web', { clusterIP: '10.96.0.20' }), wide,
  service('ext', { type: 'ExternalName', externalName: 'example.com' }),
  service('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }),
], [], 'cluster.local');

function deps(upstream?: Buffer): HandlerDeps & { forwarded: Buffer[] } {
  const forwarded: Buffer[] = [];
  return { forwarded, index: () => idx, forward: async (m) => (forwarded.push(m), upstream) };
}

const query = (name: string, type: 'A' | 'SRV' = 'A', id = 7): Buffer =>
  packet.encode({ type: 'query', id, flags: packet.RECURSION_DESIRED, questions: [{ name, type }] });

describe('handleMessage', () => {
  it('answers authoritatively with the query id and RD echoed', async () => {
    const r = packet.decode((await handleMessage(query('web.default.svc.cluster.local'), false, deps()))!);
    expect(r).toMatchObject({ id: 7, type: 'response', rcode: 'NOERROR', flag_aa: true, flag_rd: true, flag_ra: true });
    expect(r.answers).toMatchObject([{ name: 'web.default.svc.cluster.local', type: 'A', data: '10.96.0.20', ttl: 5 }]);
  });

  it('says NXDOMAIN for unknown cluster names', async () => {
    const r = packet.decode((await handleMessage(query('nope.default.svc.cluster.local'), false, deps()))!);
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.authorities?.[0]?.type).toBe('SOA');
  });

  it('forwards other names and returns the upstream bytes unchanged', async () => {
    const upstream = packet.encode({ type: 'response', id: 7, questions: [{ name: 'example.com', type: 'A' }], answers: [{ name: 'example.com', type: 'A', data: '192.0.2.1' }] });
    const d = deps(upstream);
    const q = query('example.com');
    expect(await handleMessage(q, false, d)).toEqual(upstream);
    expect(d.forwarded).toEqual([q]);
  });

  it('follows an ExternalName CNAME upstream for address queries, as CoreDNS does', async () => {
    const upstream = packet.encode({ type: 'response', id: 1, questions: [{ name: 'example.com', type: 'A' }], answers: [{ name: 'example.com', type: 'A', ttl: 30, data: '192.0.2.1' }] });
    const d = deps(upstream);
    const r = packet.decode((await handleMessage(query('ext.default.svc.cluster.local'), false, d))!);
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers?.map((a) => [a.type, a.name, 'data' in a ? a.data : undefined])).toEqual([
      ['CNAME', 'ext.default.svc.cluster.local', 'example.com'], ['A', 'example.com', '192.0.2.1']]);
    expect(packet.decode(d.forwarded[0]!).questions).toEqual([{ name: 'example.com', type: 'A', class: 'IN' }]);
  });

  it('follows a CNAME into the cluster zone from the index, and returns the bare CNAME when upstream is silent', async () => {
    const inZone = packet.decode((await handleMessage(query('alias.default.svc.cluster.local'), false, deps()))!);
    expect(inZone.answers?.map((a) => a.type)).toEqual(['CNAME', 'A']);
    expect(inZone.answers?.[1]).toMatchObject({ name: 'web.default.svc.cluster.local', data: '10.96.0.20' });
    const silent = packet.decode((await handleMessage(query('ext.default.svc.cluster.local'), false, deps()))!);
    expect(silent.answers?.map((a) => a.type)).toEqual(['CNAME']);
    const srv = deps();
    await handleMessage(query('ext.default.svc.cluster.local', 'SRV'), false, srv);
    expect(srv.forwarded).toEqual([]); // only address queries are chased
  });

  it('answers SERVFAIL when no upstream answers', async () => {
    expect(packet.decode((await handleMessage(query('example.com'), false, deps()))!).rcode).toBe('SERVFAIL');
  });

  it('answers FORMERR to garbage that still has an id', async () => {
    const r = packet.decode((await handleMessage(Buffer.from([0, 9, 1]), false, deps()))!);
    expect(r).toMatchObject({ id: 9, rcode: 'FORMERR' });
  });

  it.each([
    { name: 'UDP truncates past 512 bytes', tcp: false, tc: true, answers: 0 },
    { name: 'TCP sends it all', tcp: true, tc: false, answers: 60 },
  ])('$name', async ({ tcp, tc, answers }) => {
    const r = packet.decode((await handleMessage(query('wide.default.svc.cluster.local'), tcp, deps()))!);
    expect(r.flag_tc).toBe(tc);
    expect(r.answers?.length ?? 0).toBe(answers);
  });

  it.each([
    ['10.0.0.1', { host: '10.0.0.1', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['[::1]:54', { host: '::1', port: 54 }],
    ['::1', { host: '::1', port: 53 }],
  ])('upstream %s', (s, want) => expect(parseUpstream(s)).toEqual(want));

  it('reads nameservers from resolv.conf', () => {
    expect(resolvConfNameservers('# c\nsearch x\nnameserver 192.0.2.53\nnameserver  fd00::53\noptions ndots:5\n')).toEqual(['192.0.2.53', 'fd00::53']);
  });
});
