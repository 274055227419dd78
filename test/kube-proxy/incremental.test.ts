// Incremental rule writes in the kernel (root + nft): a sequence of cluster states is written
// incrementally to one table and from scratch to another; after every step both tables list the
// same chains, rules, maps and elements — and the kernel accepted every partial transaction.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { buildServicePorts } from '../../kube-proxy/model/index.js';
import { buildTable, type NodeFacts } from '../../kube-proxy/nft/rules.js';
import { renderTransaction, stateOf, type TableState } from '../../kube-proxy/nft/table.js';
import { NftCli } from '../../kube-proxy/nft/writer.js';
import { endpoint, service, slice } from '../../kube-proxy/testing/fixtures.js';
import { kernelAvailable, kernelSkipReason } from './netns.js';

const inc = `k8ts-inc-${process.pid}`;
const full = `k8ts-full-${process.pid}`;
const facts: NodeFacts = { nodePortIPs: ['192.0.2.2'], clusterCIDR: '10.244.0.0/16', nodeName: 'n1' };
const np = (): Array<{ name: string; port: number; nodePort: number; protocol: string }> => [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }];

const steps: Array<{ name: string; services: V1Service[]; slices: V1EndpointSlice[] }> = [
  { name: 'two endpoints', services: [service('web')], slices: [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.6')])] },
  { name: 'a third endpoint, affinity on', services: [service('web', { affinitySeconds: 60 })],
    slices: [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.6'), endpoint('10.244.1.7')])] },
  { name: 'affinity timeout changed', services: [service('web', { affinitySeconds: 90 })],
    slices: [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.7')])] },
  { name: 'affinity off, a NodePort service with ETP Local added', services: [service('web'),
    service('np', { clusterIP: '10.96.0.11', type: 'NodePort', externalTrafficPolicy: 'Local', ports: np() })],
    slices: [slice('web', [endpoint('10.244.1.7')]), slice('np', [endpoint('10.244.1.8', { nodeName: 'n1' }), endpoint('10.244.2.8', { nodeName: 'n2' })])] },
  { name: 'no local endpoint (drop), web without endpoints (reject)', services: [service('web'),
    service('np', { clusterIP: '10.96.0.11', type: 'NodePort', externalTrafficPolicy: 'Local', ports: np() })],
    slices: [slice('web', []), slice('np', [endpoint('10.244.2.8', { nodeName: 'n2' })])] },
  { name: 'web removed, np back to Cluster', services: [service('np', { clusterIP: '10.96.0.11', type: 'NodePort', ports: np() })],
    slices: [slice('np', [endpoint('10.244.2.8', { nodeName: 'n2' })])] },
];

function list(table: string): string[] {
  const text = execFileSync('nft', ['list', 'table', 'ip', table], { encoding: 'utf8' });
  // Blocks (chains, maps, sets) sorted, elements sorted: content independent of listing order.
  const blocks: string[] = [];
  let cur: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^(chain|map|set) /.test(line)) cur = [line];
    else if (line === '}' && cur && raw.startsWith('\t}')) {
      blocks.push(cur.join(' ').replace(/elements = \{([^}]*)\}/, (_m, els: string) => `elements = { ${els.split(',').map((e) => e.trim()).sort().join(', ')} }`));
      cur = undefined;
    } else if (cur && line) cur.push(line);
  }
  return blocks.sort();
}

describe.skipIf(!kernelAvailable)(`incremental nft writes${kernelSkipReason}`, () => {
  const nft = new NftCli();

  afterAll(() => {
    for (const t of [inc, full]) {
      try {
        execFileSync('nft', ['delete', 'table', 'ip', t], { stdio: 'ignore' });
      } catch {
        // not there
      }
    }
  });

  it('reaches the same ruleset as a fresh write at every step', async () => {
    let prev: TableState | undefined;
    for (const step of steps) {
      const t = buildTable(buildServicePorts(step.services, step.slices), facts);
      t.name = inc;
      await nft.apply(renderTransaction(t, prev));
      prev = stateOf(t);
      t.name = full;
      await nft.apply(renderTransaction(t));
      expect(list(inc), step.name).toEqual(list(full));
    }
  });
});
