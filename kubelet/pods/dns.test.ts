import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podDNSConfig } from './dns.js';

const cluster = { servers: ['10.96.0.10'], domain: 'cluster.local' };
const pod = (spec: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({ metadata: { namespace: 'team' }, spec: { containers: [], ...spec } });

describe('podDNSConfig', () => {
  it.each([
    ['ClusterFirst (default)', {}, { servers: ['10.96.0.10'], searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] }],
    ['Default → host resolv.conf', { dnsPolicy: 'Default' }, undefined],
    ['hostNetwork with ClusterFirst → host', { hostNetwork: true }, undefined],
    ['ClusterFirstWithHostNet', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, { servers: ['10.96.0.10'], searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] }],
    ['None + dnsConfig', { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['x.org'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } },
      { servers: ['1.1.1.1'], searches: ['x.org'], options: ['ndots:2', 'edns0'] }],
    ['ClusterFirst + dnsConfig overriding ndots', { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } },
      { servers: ['10.96.0.10'], searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:1'] }],
  ])('%s', (_n, spec, want) => {
    expect(podDNSConfig(pod(spec as Partial<NonNullable<V1Pod['spec']>>), cluster)).toEqual(want);
  });

  it('falls back to the host when no cluster DNS is configured', () => {
    expect(podDNSConfig(pod({}), { servers: [], domain: 'cluster.local' })).toBeUndefined();
  });
});
