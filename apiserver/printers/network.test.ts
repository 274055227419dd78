import { describe, expect, it } from 'vitest';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network.js';

const now = new Date('2026-01-01T12:00:00Z');
const created = '2026-01-01T11:00:00Z';
const meta = { name: 'web', namespace: 'default', creationTimestamp: created };

describe('service printer', () => {
  it.each([
    [
      'ClusterIP',
      { type: 'ClusterIP', clusterIP: '10.96.12.3', clusterIPs: ['10.96.12.3'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
      {},
      ['web', 'ClusterIP', '10.96.12.3', '<none>', '80/TCP,53/UDP', '60m', 'app=web,tier=fe'],
    ],
    [
      'NodePort',
      { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
      {},
      ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP', '60m', '<none>'],
    ],
    [
      'LoadBalancer pending',
      { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }], selector: { app: 'web' } },
      {},
      ['web', 'LoadBalancer', '10.96.0.21', '<pending>', '443:31443/TCP', '60m', 'app=web'],
    ],
    [
      'LoadBalancer with ingress (sorted, de-duplicated, hostnames)',
      { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], ports: [{ port: 80, protocol: 'TCP' }] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.2' }, { ip: '203.0.113.9' }] } },
      ['web', 'LoadBalancer', '10.96.0.21', '203.0.113.2,203.0.113.9,lb.example.com', '80/TCP', '60m', '<none>'],
    ],
    [
      'LoadBalancer with ingress and externalIPs',
      { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], externalIPs: ['198.51.100.1'], ports: [{ port: 80, protocol: 'TCP' }] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
      ['web', 'LoadBalancer', '10.96.0.21', '203.0.113.9,198.51.100.1', '80/TCP', '60m', '<none>'],
    ],
    [
      'ClusterIP with externalIPs',
      { type: 'ClusterIP', clusterIPs: ['10.96.0.22'], externalIPs: ['198.51.100.1', '198.51.100.2'], ports: [{ port: 80, protocol: 'TCP' }] },
      {},
      ['web', 'ClusterIP', '10.96.0.22', '198.51.100.1,198.51.100.2', '80/TCP', '60m', '<none>'],
    ],
    [
      'headless without ports',
      { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } },
      {},
      ['web', 'ClusterIP', 'None', '<none>', '<none>', '60m', 'app=db'],
    ],
    [
      'ExternalName',
      { type: 'ExternalName', externalName: 'db.example.com' },
      {},
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '60m', '<none>'],
    ],
  ])('%s', (_n, spec, status, cells) => {
    expect(servicePrinter.print({ metadata: meta, spec, status }, { now }).cells).toEqual(cells);
  });

  it('has NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR', () => {
    expect(servicePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1',
    ]);
  });
});

describe('endpoints printer', () => {
  it.each([
    ['no subsets', undefined, '<none>'],
    ['one address', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], '10.0.0.1:80'],
    [
      'more than three',
      [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    ],
    [
      'across subsets',
      [
        { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }] },
        { addresses: [{ ip: '10.0.0.3' }, { ip: '10.0.0.4' }, { ip: '10.0.0.5' }], ports: [{ port: 80 }] },
      ],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
    ],
    ['headless without ports', [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }], '10.0.0.1,10.0.0.2'],
    ['IPv6', [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }], '[fd00::1]:80'],
    ['only not-ready addresses', [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], ''],
  ])('%s', (_n, subsets, cell) => {
    expect(endpointsPrinter.print({ metadata: meta, subsets }, { now }).cells).toEqual(['web', cell, '60m']);
  });
});

describe('endpointslice printer', () => {
  it.each([
    [
      'typical',
      { addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.1.7'] }] },
      ['web-abc12', 'IPv4', '80', '10.244.0.5,10.244.1.7', '60m'],
    ],
    [
      'unset ports and endpoints',
      { addressType: 'IPv4', ports: null, endpoints: [] },
      ['web-abc12', 'IPv4', '<unset>', '<unset>', '60m'],
    ],
    [
      'named port without number, all ports, and many endpoints',
      {
        addressType: 'IPv6',
        ports: [{ name: 'dns' }, {}, { port: 1 }, { port: 2 }],
        endpoints: [{ addresses: ['fd00::1', 'fd00::2'] }, { addresses: ['fd00::3', 'fd00::4', 'fd00::5'] }],
      },
      ['web-abc12', 'IPv6', 'dns,*,1 + 1 more...', 'fd00::1,fd00::2,fd00::3 + 2 more...', '60m'],
    ],
  ])('%s', (_n, obj, cells) => {
    expect(endpointSlicePrinter.print({ metadata: { ...meta, name: 'web-abc12' }, ...obj }, { now }).cells).toEqual(cells);
  });

  it('has NAME ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
    expect(endpointSlicePrinter.columns.map((c) => c.name)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  });
});

describe('networking.k8s.io printers', () => {
  const rules = (hosts: (string | undefined)[]) => hosts.map((host) => (host ? { host } : {}));
  it.each<[string, object, object, (string | number)[]]>([
    ['no class, no hosts, no TLS', { rules: rules([undefined]) }, {}, ['web', '<none>', '*', '', '80', '60m']],
    ['class, hosts and TLS', { ingressClassName: 'nginx', rules: rules(['foo.com', 'bar.com']), tls: [{ secretName: 's' }] }, {}, ['web', 'nginx', 'foo.com,bar.com', '', '80, 443', '60m']],
    ['more than three hosts', { rules: rules(['a.io', 'b.io', undefined, 'c.io', 'd.io']) }, {}, ['web', '<none>', 'a.io,b.io,c.io + 2 more...', '', '80', '60m']],
    ['load-balancer addresses sorted and de-duplicated', { rules: [] }, { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'lb.example.com' }, { ip: '10.0.0.2' }, { ip: '10.0.0.9' }] } }, ['web', '<none>', '*', '10.0.0.2,10.0.0.9,lb.example.com', '80', '60m']],
  ])('ingress: %s', (_n, spec, status, cells) => {
    expect(ingressPrinter.print({ metadata: meta, spec, status }, { now }).cells).toEqual(cells);
  });

  it.each<[string, object, string]>([
    ['no parameters', { controller: 'example.com/ingress' }, '<none>'],
    ['core parameters', { controller: 'example.com/ingress', parameters: { kind: 'ConfigMap', name: 'cfg' } }, 'ConfigMap/cfg'],
    ['grouped parameters', { controller: 'example.com/ingress', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' } }, 'Params.k8s.example.com/p'],
  ])('ingress class: %s', (_n, spec, parameters) => {
    expect(ingressClassPrinter.print({ metadata: meta, spec }, { now }).cells).toEqual(['web', 'example.com/ingress', parameters, '60m']);
  });

  it.each<[string, object, string]>([
    ['empty selector', {}, '<none>'],
    ['labels and expressions', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, 'app=web,tier in (fe)'],
  ])('network policy: %s', (_n, podSelector, cell) => {
    expect(networkPolicyPrinter.print({ metadata: meta, spec: { podSelector } }, { now }).cells).toEqual(['web', cell, '60m']);
  });
});
