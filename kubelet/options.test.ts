import { describe, expect, it } from 'vitest';
import { parseKubeletFlags, parseTaints } from './options.js';
import { nthSubnet24 } from './hollow/cidr.js';

describe('parseKubeletFlags', () => {
  it('maps Kubernetes flag names to options', () => {
    const o = parseKubeletFlags(['--kubeconfig', '/k', '--node-name', 'N1', '--node-ip', '10.0.0.5', '--root-dir', '/r', '--pod-cidr', '10.244.1.0/24',
      '--runtime=fake', '--max-pods', '20', '--register-with-taints', 'a=b:NoSchedule,c:NoExecute', '--node-labels', 'zone=z1,tier=edge',
      '--port', '0', '--cluster-dns', '10.96.0.10', '--cluster-domain', 'example.local']);
    expect(o).toMatchObject({
      kubeconfig: '/k', nodeName: 'n1', nodeIP: '10.0.0.5', address: '10.0.0.5', rootDir: '/r', podCIDR: '10.244.1.0/24', runtime: 'fake', maxPods: 20,
      registerWithTaints: [{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }],
      nodeLabels: { zone: 'z1', tier: 'edge' }, port: 0, clusterDNS: ['10.96.0.10'], clusterDomain: 'example.local', hollowNodes: 0,
    });
  });

  it.each([
    [['--runtime', 'crun'], /--runtime must be runc or fake/],
    [['--hollow-nodes', '5'], /--hollow-nodes needs --runtime=fake/],
    [['--max-pods=-1'], /non-negative integer/],
    [['--register-with-taints', 'a=b:Sometimes'], /effect must be one of/],
    [['--node-labels', 'novalue'], /invalid key=value/],
  ])('rejects %j', (argv, err) => {
    expect(() => parseKubeletFlags(argv)).toThrow(err);
  });

  it('parses log rotation and CNI flags (defaults 10Mi / 5 files)', () => {
    expect(parseKubeletFlags([])).toMatchObject({ containerLogMaxSize: 10 * 1024 * 1024, containerLogMaxFiles: 5 });
    expect(parseKubeletFlags(['--container-log-max-size', '512Ki', '--container-log-max-files', '3', '--cni-bridge', 'br9', '--cni-network-name', 'net9']))
      .toMatchObject({ containerLogMaxSize: 512 * 1024, containerLogMaxFiles: 3, cniBridge: 'br9', cniNetworkName: 'net9' });
    expect(() => parseKubeletFlags(['--container-log-max-size', 'lots'])).toThrow(/must be a size like 10Mi/);
  });

  it('parses taints without values', () => {
    expect(parseTaints('dedicated:PreferNoSchedule')).toEqual([{ key: 'dedicated', effect: 'PreferNoSchedule' }]);
  });
});

describe('nthSubnet24', () => {
  it.each([
    ['10.64.0.0/10', 0, '10.64.0.0/24'], ['10.64.0.0/10', 1, '10.64.1.0/24'], ['10.64.0.0/10', 256, '10.65.0.0/24'], ['10.0.0.0/24', 0, '10.0.0.0/24'],
  ])('%s #%i', (cidr, i, want) => expect(nthSubnet24(cidr, i)).toBe(want));
  it('refuses to run out of subnets', () => expect(() => nthSubnet24('10.0.0.0/23', 2)).toThrow(/only 2/));
});

describe('kubelet server TLS flags', () => {
  it('takes the kubelet server TLS flags, in pairs', () => {
    const o = parseKubeletFlags(['--node-name', 'n', '--tls-cert-file', '/c.crt', '--tls-private-key-file', '/c.key', '--client-ca-file', '/ca.crt']);
    expect(o).toMatchObject({ tlsCertFile: '/c.crt', tlsPrivateKeyFile: '/c.key', clientCAFile: '/ca.crt' });
    expect(parseKubeletFlags(['--node-name', 'n']).tlsCertFile).toBeUndefined();
    expect(() => parseKubeletFlags(['--tls-cert-file', '/c.crt'])).toThrow('go together');
    expect(() => parseKubeletFlags(['--client-ca-file', '/ca.crt'])).toThrow('--client-ca-file needs --tls-cert-file');
  });
});
