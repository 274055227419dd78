import type { V1Pod, V1Taint, V1Toleration } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, testContext } from '../testing/index.js';
import { NodeLifecycleController } from './controller.js';
import { evictionTime } from './eviction.js';
import { desiredTaints } from './health.js';

const unreachable = (addedAt: number): V1Taint => ({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: new Date(addedAt) });
const podWith = (tolerations?: V1Toleration[]): V1Pod => ({ metadata: { name: 'p' }, spec: { containers: [], tolerations } });

describe('evictionTime', () => {
  it.each<[string, V1Toleration[] | undefined, V1Taint[], number | undefined]>([
    ['no NoExecute taints', undefined, [{ key: 'x', effect: 'NoSchedule' }], undefined],
    ['default 300 s toleration for unreachable', undefined, [unreachable(1000)], 301_000],
    ['explicit tolerationSeconds', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }], [unreachable(1000)], 11_000],
    ['tolerated forever', [{ operator: 'Exists' }], [unreachable(1000)], undefined],
    ['untolerated custom taint: now', undefined, [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }], 5000],
    ['Equal with matching value', [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }], [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }], undefined],
    ['Equal with other value: now', [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }], [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }], 5000],
  ])('%s', (_n, tols, taints, want) => {
    expect(evictionTime(podWith(tols), taints, 300, 5000)).toBe(want);
  });
});

describe('desiredTaints', () => {
  it.each([
    ['Unknown → unreachable', 'Unknown', ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']],
    ['False → not-ready', 'False', ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']],
    ['True → none', 'True', []],
  ])('%s', (_n, status, want) => {
    const node = { metadata: { name: 'n' }, spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status }] } };
    expect(desiredTaints(node, 0).taints.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(want);
  });
});

describe('NodeLifecycleController', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2025-01-01T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  function setup() {
    const t = testContext();
    const nlc = new NodeLifecycleController(t.ctx, { gracePeriodMs: 40_000 });
    const ready = (now = Date.now()) => ({ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date(now), lastTransitionTime: new Date(now) });
    t.cluster.seed('nodes', { metadata: { name: 'n1' }, status: { conditions: [ready()] } });
    t.cluster.seed('leases', { metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'n1', renewTime: new Date() } });
    const renew = async () => {
      const l = t.cluster.get('leases', 'kube-node-lease', 'n1')!;
      await t.cluster.clients.leases.update({ ...l, spec: { ...l.spec, renewTime: new Date() } });
    };
    const run = () => settle([nlc.controller, nlc.evictions]);
    const tick = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      await run();
    };
    return { ...t, nlc, renew, run, tick, ready };
  }

  it('marks a silent node Unknown with unreachable taints, an event, and pods not ready', async () => {
    const { cluster, renew, run, tick, recorder } = setup();
    cluster.seed('pods', {
      metadata: { name: 'p', namespace: 'default' },
      spec: { nodeName: 'n1', containers: [], tolerations: [{ operator: 'Exists' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    await run();
    for (let i = 0; i < 4; i++) {
      await tick(10_000);
      await renew();
    }
    await run();
    expect(cluster.get('nodes', undefined, 'n1')!.status!.conditions![0]!.status).toBe('True');
    await tick(39_000);
    expect(cluster.get('nodes', undefined, 'n1')!.status!.conditions![0]!.status).toBe('True');
    await tick(2_000);
    const node = cluster.get('nodes', undefined, 'n1')!;
    const readyCond = node.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(readyCond).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node.status!.conditions!.find((c) => c.type === 'MemoryPressure')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
    expect(node.spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(recorder.lines()).toContain('Normal NodeNotReady Node n1 status is now: NodeNotReady');
    expect(cluster.get('pods', 'default', 'p')!.status!.conditions![0]!.status).toBe('False');
  });

  it('removes the taints when the kubelet comes back, and uses not-ready for Ready=False', async () => {
    const { cluster, renew, run, tick, ready } = setup();
    await run();
    await tick(45_000);
    expect(cluster.get('nodes', undefined, 'n1')!.spec!.taints).toHaveLength(2);
    const n = cluster.get('nodes', undefined, 'n1')!;
    await cluster.clients.nodes.updateStatus({ ...n, status: { conditions: [ready()] } });
    await renew();
    await run();
    expect(cluster.get('nodes', undefined, 'n1')!.spec!.taints).toBeUndefined();
    const n2 = cluster.get('nodes', undefined, 'n1')!;
    await cluster.clients.nodes.updateStatus({ ...n2, status: { conditions: [{ ...ready(), status: 'False', reason: 'KubeletNotReady' }] } });
    await run();
    expect(cluster.get('nodes', undefined, 'n1')!.spec!.taints!.map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/not-ready']);
  });

  it('evicts pods when their toleration runs out', async () => {
    const { cluster, run, tick, recorder } = setup();
    const mk = (name: string, tolerations?: V1Toleration[]) =>
      cluster.seed('pods', { metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', containers: [], tolerations }, status: { phase: 'Running' } });
    mk('default-300s');
    mk('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }]);
    mk('forever', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    await run();
    await tick(41_000); // node goes Unknown, taint added now
    const names = () => cluster.list('pods', 'default').map((p) => p.metadata!.name).sort();
    expect(names()).toEqual(['default-300s', 'forever', 'short']);
    await tick(10_000);
    expect(names()).toEqual(['default-300s', 'forever']);
    await tick(290_000);
    expect(names()).toEqual(['forever']);
    expect(recorder.lines()).toContain('Normal TaintManagerEviction Marking for deletion Pod default/short');
  });
});
