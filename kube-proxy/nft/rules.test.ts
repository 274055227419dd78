// Golden tests of the rule generator: each case renders the first-write transaction and compares
// it with testdata/<case>.nft (K8TS_UPDATE_GOLDEN=1 rewrites them; review the diff). As root with
// nft present, each golden is also checked by the kernel in dry-run mode (`nft -c`).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { buildServicePorts } from '../model/index.js';
import { endpoint, service, slice } from '../testing/fixtures.js';
import { buildTable, type NodeFacts } from './rules.js';
import { renderTransaction } from './table.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const canCheck = process.getuid?.() === 0 && spawnSync('nft', ['--version']).status === 0;

interface Case {
  name: string;
  services: V1Service[];
  slices: V1EndpointSlice[];
  facts?: NodeFacts;
}

const cases: Case[] = [
  {
    name: 'clusterip',
    services: [service('web')],
    slices: [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.6')])],
    facts: { nodePortIPs: 'all', clusterCIDR: '10.244.0.0/16' },
  },
  {
    name: 'nodeport',
    services: [service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }] })],
    slices: [slice('web', [endpoint('10.244.1.5')])],
    facts: { nodePortIPs: ['192.0.2.2', '127.0.0.1'] },
  },
  {
    name: 'no-endpoints',
    services: [service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }] })],
    slices: [slice('web', [endpoint('10.244.1.5', { ready: false })])],
  },
  {
    name: 'affinity',
    services: [service('web', { affinitySeconds: 600 })],
    slices: [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.6')])],
  },
  {
    name: 'terminating',
    services: [service('web')],
    slices: [
      slice('web', [
        endpoint('10.244.1.5', { ready: false, serving: true, terminating: true }),
        endpoint('10.244.1.6', { ready: false, serving: false, terminating: true }),
      ]),
    ],
  },
  {
    name: 'externalips-udp',
    services: [service('dns', { externalIPs: ['192.0.2.50'], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] })],
    slices: [slice('dns', [endpoint('10.244.1.7')], [{ name: 'dns', port: 5353, protocol: 'UDP' }])],
  },
  {
    name: 'loadbalancer',
    services: [
      service('lb', { type: 'LoadBalancer', lbIngress: ['192.0.2.2'], ports: [{ name: 'http', port: 80, nodePort: 31000, protocol: 'TCP' }] }),
    ],
    slices: [slice('lb', [endpoint('10.244.1.8')])],
  },
  {
    // externalTrafficPolicy Local: external traffic only to this node's endpoint (.8), unmasqueraded;
    // pods and the node itself short-circuit to every endpoint; ClusterIP traffic uses every endpoint.
    name: 'etp-local',
    services: [
      service('lb', { type: 'LoadBalancer', lbIngress: ['192.0.2.2'], externalTrafficPolicy: 'Local', healthCheckNodePort: 32000,
        ports: [{ name: 'http', port: 80, nodePort: 31000, protocol: 'TCP' }] }),
    ],
    slices: [slice('lb', [endpoint('10.244.1.8', { nodeName: 'node-a' }), endpoint('10.244.2.9', { nodeName: 'node-b' })])],
    facts: { nodePortIPs: 'all', clusterCIDR: '10.244.0.0/16', nodeName: 'node-a' },
  },
  {
    // No endpoint on this node: external destinations drop (not reject); ClusterIP still works.
    name: 'etp-local-none-here',
    services: [
      service('lb', { type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 31000, protocol: 'TCP' }] }),
    ],
    slices: [slice('lb', [endpoint('10.244.2.9', { nodeName: 'node-b' })])],
    facts: { nodePortIPs: 'all', clusterCIDR: '10.244.0.0/16', nodeName: 'node-a' },
  },
  {
    // internalTrafficPolicy Local: ClusterIP traffic only to the local endpoint (.8).
    name: 'itp-local',
    services: [service('web', { internalTrafficPolicy: 'Local' })],
    slices: [slice('web', [endpoint('10.244.1.8', { nodeName: 'node-a' }), endpoint('10.244.2.9', { nodeName: 'node-b' })])],
    facts: { nodePortIPs: 'all', clusterCIDR: '10.244.0.0/16', nodeName: 'node-a' },
  },
  {
    name: 'itp-local-none-here',
    services: [service('web', { internalTrafficPolicy: 'Local' })],
    slices: [slice('web', [endpoint('10.244.2.9', { nodeName: 'node-b' })])],
    facts: { nodePortIPs: 'all', nodeName: 'node-a' },
  },
];

function render(c: Case): string {
  const table = buildTable(buildServicePorts(c.services, c.slices), c.facts ?? { nodePortIPs: 'all' });
  return renderTransaction(table);
}

describe('nftables rule generation', () => {
  it.each(cases)('$name matches its golden', (c) => {
    const got = render(c);
    const file = join(testdata, `${c.name}.nft`);
    if (process.env.K8TS_UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, got);
    expect(got).toBe(readFileSync(file, 'utf8'));
  });

  it.skipIf(!canCheck).each(cases)('$name is accepted by nft -c (dry run, needs root)', (c) => {
    const r = spawnSync('nft', ['-c', '-f', '-'], { input: render(c), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('is deterministic whatever the input order', () => {
    const svcs = [service('a', { clusterIP: '10.96.0.11' }), service('b', { clusterIP: '10.96.0.12' })];
    const sls = [slice('a', [endpoint('10.244.1.9'), endpoint('10.244.1.2')]), slice('b', [endpoint('10.244.1.3')])];
    const one = renderTransaction(buildTable(buildServicePorts(svcs, sls), { nodePortIPs: 'all' }));
    const two = renderTransaction(buildTable(buildServicePorts([...svcs].reverse(), [...sls].reverse()), { nodePortIPs: 'all' }));
    expect(one).toBe(two);
  });

  it('does not proxy headless or ExternalName services', () => {
    const ports = buildServicePorts(
      [service('h', { clusterIP: 'None' }), service('x', { type: 'ExternalName', externalName: 'example.com' })],
      [slice('h', [endpoint('10.244.1.5')])],
    );
    expect(ports).toEqual([]);
  });

  it('joins service ports to slice ports by name and protocol', () => {
    const svc = service('m', {
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
    const ports = buildServicePorts([svc], [slice('m', [endpoint('10.244.1.5')], [{ name: 'http', port: 8080 }, { name: 'dns', port: 5353, protocol: 'UDP' }])]);
    expect(ports.map((p) => [p.portName, p.protocol, p.endpoints.map((e) => `${e.ip}:${e.port}`)])).toEqual([
      ['http', 'TCP', ['10.244.1.5:8080']],
      ['dns', 'UDP', ['10.244.1.5:5353']],
    ]);
  });
});
