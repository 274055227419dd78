import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { enabledControllers, parseFlags } from './options.js';
import { clientNodeClients } from './runtime/index.js';

describe('flags', () => {
  it('defaults', () => {
    const o = parseFlags([]);
    expect(o).toMatchObject({
      leaderElect: true,
      clusterCidr: '10.244.0.0/16',
      nodeCidrMaskSize: 24,
      nodeMonitorGracePeriodMs: 40_000,
      defaultTolerationSeconds: 300,
      controllers: ['*'],
      concurrency: { deployment: 5, replicaset: 5, endpoints: 5, garbagecollector: 20 },
      securePort: 10257,
      bindAddress: '127.0.0.1',
    });
    expect(parseFlags(['--secure-port=0', '--bind-address=0.0.0.0'])).toMatchObject({ securePort: 0, bindAddress: '0.0.0.0' });
  });

  it('parses the certificate controllers\' flags', () => {
    const o = parseFlags(['--cluster-signing-cert-file=/p/ca.crt', '--cluster-signing-key-file', '/p/ca.key', '--root-ca-file=/p/ca.crt', '--cluster-signing-duration=24h']);
    expect(o).toMatchObject({ clusterSigningCertFile: '/p/ca.crt', clusterSigningKeyFile: '/p/ca.key', rootCaFile: '/p/ca.crt', clusterSigningDurationMs: 86_400_000 });
    expect(parseFlags([]).clusterSigningDurationMs).toBe(365 * 86_400_000);
  });

  it('parses Kubernetes flag names', () => {
    const o = parseFlags([
      '--kubeconfig=/tmp/kc',
      '--master',
      'http://127.0.0.1:6443',
      '--leader-elect=false',
      '--controllers=*,-nodeipam',
      '--cluster-cidr=10.100.0.0/16',
      '--node-cidr-mask-size=26',
      '--node-monitor-grace-period=1m30s',
      '--concurrent-deployment-syncs=2',
      '--pod-eviction-timeout=2m',
      '--leader-elect-lease-duration=20s',
    ]);
    expect(o).toMatchObject({
      kubeconfig: '/tmp/kc',
      master: 'http://127.0.0.1:6443',
      leaderElect: false,
      controllers: ['*', '-nodeipam'],
      clusterCidr: '10.100.0.0/16',
      nodeCidrMaskSize: 26,
      nodeMonitorGracePeriodMs: 90_000,
      defaultTolerationSeconds: 120,
      concurrency: { deployment: 2 },
      leaderElection: { leaseDurationMs: 20_000 },
    });
    expect(parseFlags(['--leader-elect']).leaderElect).toBe(true);
  });

  it.each([
    [['--node-monitor-grace-period=forty'], /invalid duration/],
    [['--controllers=replicaset,bogus'], /unknown controller "bogus"/],
    [['--concurrent-gc-syncs=0'], /integer ≥ 1/],
    [['--leader-elect=maybe'], /true or false/],
    [['--no-such-flag'], /Unknown option/],
  ])('rejects %j', (argv, err) => {
    expect(() => parseFlags(argv)).toThrow(err);
  });

  it.each([
    ['40s', 40_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['2h45m', 9_900_000],
    ['300ms', 300],
  ])('--node-monitor-grace-period=%s (Go durations)', (s, ms) => expect(parseFlags([`--node-monitor-grace-period=${s}`]).nodeMonitorGracePeriodMs).toBe(ms));

  it('enabledControllers', () => {
    expect([...enabledControllers(['replicaset', 'deployment'])]).toEqual(['replicaset', 'deployment']);
    expect(enabledControllers(['*', '-garbagecollector']).has('garbagecollector')).toBe(false);
    expect(enabledControllers(['*']).size).toBe(12);
  });
});

describe('clientNodeClients', () => {
  it('finds every client-node method it needs', () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://127.0.0.1:1' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const clients = clientNodeClients(kc);
    expect(Object.keys(clients).sort()).toEqual(
      ['configmaps', 'deployments', 'endpoints', 'endpointslices', 'events', 'leases', 'namespaces', 'nodes', 'pods', 'replicasets', 'secrets', 'serviceaccounts', 'services'].sort(),
    );
    expect(typeof clients.namespaces.finalize).toBe('function');
  });
});
