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
