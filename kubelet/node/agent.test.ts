import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { FakeApi } from '../testing/fakeapi.js';
import { NodeAgent } from './agent.js';
import { hollowHostFacts, type HostFacts } from './capacity.js';
import type { NodeParams } from './nodeobject.js';

const params: NodeParams = { nodeName: 'n1', nodeIP: '10.0.0.1', hostname: 'n1', labels: { zone: 'a' }, taints: [{ key: 'k', effect: 'NoSchedule' }],
  maxPods: 50, capacityOverrides: { cpu: '8' }, kubeletPort: 10250, runtimeVersion: 'fake://0.1.0' };

function agent(api: FakeApi, facts: HostFacts, clock: { now: number }, health = {}) {
  return new NodeAgent({ params, api, log: silentLogger(), facts: () => facts, health: () => health, leaseDurationSeconds: 40,
    statusReportFrequencyMs: 300_000, now: () => clock.now });
}

describe('NodeAgent', () => {
  it('registers with labels, taints and capacity (overrides win; memory allocatable minus 100Mi)', async () => {
    const api = new FakeApi();
    const a = agent(api, hollowHostFacts(), { now: 0 });
    await a.register();
    await a.syncStatus(true);
    const n = api.nodes.get('n1')!;
    expect(n.metadata?.labels).toMatchObject({ zone: 'a', 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux' });
    expect(n.spec?.taints).toEqual([{ key: 'k', effect: 'NoSchedule' }]);
    expect(n.status?.capacity).toMatchObject({ cpu: '8', pods: '50', memory: `${16 * 1024 * 1024}Ki` });
    expect(n.status?.allocatable?.memory).toBe(`${16 * 1024 * 1024 - 100 * 1024}Ki`);
    expect(n.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
  });

  it('posts status on change or after the report period, not otherwise; keeps transition times', async () => {
    const api = new FakeApi();
    const clock = { now: 0 };
    const facts = hollowHostFacts();
    const a = agent(api, facts, clock);
    await a.register();
    expect(await a.syncStatus()).toBe(true);
    clock.now += 10_000;
    expect(await a.syncStatus()).toBe(false);
    facts.freeMemoryBytes = 50 * 1024 * 1024; // below the 100Mi eviction threshold
    clock.now += 10_000;
    expect(await a.syncStatus()).toBe(true);
    const conds = api.nodes.get('n1')!.status!.conditions!;
    expect(conds.find((c) => c.type === 'MemoryPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', lastTransitionTime: new Date(20_000) });
    expect(conds.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: new Date(0), lastHeartbeatTime: new Date(20_000) });
    clock.now += 300_000;
    expect(await a.syncStatus()).toBe(true);
  });

  it('creates the lease owned by the Node, then renews it', async () => {
    const api = new FakeApi();
    const clock = { now: 5000 };
    const a = agent(api, hollowHostFacts(), clock);
    await a.register();
    await a.renewLease();
    clock.now = 15_000;
    await a.renewLease();
    const l = api.leases.get('n1')!;
    expect(l.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'n1', uid: 'uid-n1' });
    expect(l.spec).toMatchObject({ holderIdentity: 'n1', leaseDurationSeconds: 40 });
    expect(new Date(l.spec!.renewTime!).getTime()).toBe(15_000);
    expect(api.calls).toMatchObject({ createLease: 1, replaceLease: 1 });
  });

  it('adopts an existing Node and re-registers a deleted one', async () => {
    const api = new FakeApi();
    await api.createNode({ metadata: { name: 'n1', labels: { old: 'x' } } });
    const a = agent(api, hollowHostFacts(), { now: 0 });
    await a.register();
    expect(api.nodes.get('n1')!.metadata?.labels).toMatchObject({ old: 'x', zone: 'a' });
    api.nodes.clear();
    await a.syncStatus(true);
    expect(api.nodes.get('n1')?.status?.conditions).toBeDefined();
  });
});
