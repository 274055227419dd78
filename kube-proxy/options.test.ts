// Flag parsing: Kubernetes' flag names into KubeProxyOptions.
import { describe, expect, it } from 'vitest';
import { parseKubeProxyFlags } from './options.js';

describe('kube-proxy flags', () => {
  it('parses the documented flags', () => {
    const o = parseKubeProxyFlags([
      '--kubeconfig', '/k', '--master', 'http://127.0.0.1:1', '--hostname-override', 'Node-A', '--proxy-mode', 'nftables',
      '--nodeport-addresses', '10.0.0.0/8, 127.0.0.1/32', '--cluster-cidr', '10.244.0.0/16', '--healthz-bind-address', '127.0.0.1:0',
      '--sync-period', '1m', '--min-sync-period', '20ms', '--service-lb', 'false',
    ]);
    expect(o).toMatchObject({
      kubeconfig: '/k', master: 'http://127.0.0.1:1', hostname: 'node-a', proxyMode: 'nftables', cleanup: false,
      nodePortAddresses: ['10.0.0.0/8', '127.0.0.1/32'], clusterCIDR: '10.244.0.0/16', healthzBindAddress: '127.0.0.1:0',
      syncPeriodMs: 60_000, minSyncPeriodMs: 20, serviceLB: false,
    });
  });

  it('defaults: nftables, healthz on 10256, all addresses for NodePorts', () => {
    const o = parseKubeProxyFlags(['--cleanup']);
    expect(o).toMatchObject({ proxyMode: 'nftables', cleanup: true, healthzBindAddress: '0.0.0.0:10256', nodePortAddresses: [], serviceLB: true });
  });

  it.each(['iptables', 'ipvs', 'userspace'])('rejects --proxy-mode=%s with a reason', (m) => {
    expect(() => parseKubeProxyFlags(['--proxy-mode', m])).toThrow(/proxy-mode/);
  });

  it.each([
    ['30s', 30_000],
    ['100ms', 100],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['1m30s', 90_000],
    ['0', 0],
  ])('--sync-period=%s is %d ms (Go durations)', (s, ms) => expect(parseKubeProxyFlags([`--sync-period=${s}`]).syncPeriodMs).toBe(ms));

  it('rejects a bad duration', () => expect(() => parseKubeProxyFlags(['--min-sync-period', '30'])).toThrow(/invalid argument "30" for "--min-sync-period" flag: time: missing unit/));
  it.each([
    [['--cleanup=true'], { cleanup: true }],
    [['--cleanup=false'], { cleanup: false }],
    [['--service-lb=F'], { serviceLB: false }],
  ])('Go booleans %j', (argv, want) => expect(parseKubeProxyFlags(argv)).toMatchObject(want));
});
