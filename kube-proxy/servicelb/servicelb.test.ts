// The service LB: ingress from node addresses, and the reconciler writing status only on change.
import { describe, expect, it } from 'vitest';
import type { V1Node, V1Service } from '@kubernetes/client-node';
import { FakeInformer } from '../../apimachinery/controller/index.js';
import { silentLogger } from '../../apimachinery/log.js';
import { service } from '../testing/fixtures.js';
import { desiredIngress, nodeIngressIPs } from './ingress.js';
import { ServiceLBReconciler, type ServiceStatusWriter } from './controller.js';

function node(name: string, ready: boolean, addrs: Array<[string, string]>): V1Node {
  return {
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], addresses: addrs.map(([type, address]) => ({ type, address })) },
  };
}

describe('service LB ingress', () => {
  it.each([
    { name: 'internal IPs of ready nodes', nodes: [node('a', true, [['InternalIP', '192.0.2.3']]), node('b', true, [['InternalIP', '192.0.2.2']])], want: ['192.0.2.2', '192.0.2.3'] },
    { name: 'external IP preferred', nodes: [node('a', true, [['InternalIP', '10.0.0.1'], ['ExternalIP', '203.0.113.5']])], want: ['203.0.113.5'] },
    { name: 'not-ready nodes skipped', nodes: [node('a', true, [['InternalIP', '192.0.2.2']]), node('b', false, [['InternalIP', '192.0.2.9']])], want: ['192.0.2.2'] },
    { name: 'no node ready yet: all nodes', nodes: [node('a', false, [['InternalIP', '192.0.2.9']])], want: ['192.0.2.9'] },
    { name: 'hostnames and IPv6 ignored', nodes: [node('a', true, [['Hostname', 'a'], ['InternalIP', 'fd00::1']])], want: [] },
  ])('$name', ({ nodes, want }) => {
    expect(nodeIngressIPs(nodes)).toEqual(want);
  });

  it.each([
    { name: 'LoadBalancer', svc: service('lb', { type: 'LoadBalancer' }), want: [{ ip: '192.0.2.2', ipMode: 'VIP' }] },
    { name: 'ClusterIP gets none', svc: service('c'), want: [] },
    {
      name: 'another class is left alone',
      svc: (() => {
        const s = service('lb', { type: 'LoadBalancer' });
        s.spec!.loadBalancerClass = 'example.com/lb';
        return s;
      })(),
      want: undefined,
    },
  ])('$name', ({ svc, want }) => {
    expect(desiredIngress(svc, [node('a', true, [['InternalIP', '192.0.2.2']])])).toEqual(want);
  });
});

describe('ServiceLBReconciler', () => {
  it('writes the node IPs once, then sees nothing to do', async () => {
    const services = new FakeInformer<V1Service>([service('lb', { type: 'LoadBalancer' })]);
    const nodes = new FakeInformer<V1Node>([node('a', true, [['InternalIP', '192.0.2.2']])]);
    const writes: V1Service[] = [];
    const writer: ServiceStatusWriter = { updateStatus: async (s) => void writes.push(s) };
    const r = new ServiceLBReconciler(services, nodes, writer, silentLogger());
    const signal = new AbortController().signal;
    await r.reconcile({ namespace: 'default', name: 'lb' }, signal);
    expect(writes.map((w) => w.status?.loadBalancer?.ingress)).toEqual([[{ ip: '192.0.2.2', ipMode: 'VIP' }]]);
    expect(services.store.getByName('default', 'lb')?.status).toBeUndefined(); // the cache was not mutated
    services.deliver('update', writes[0]!);
    await r.reconcile({ namespace: 'default', name: 'lb' }, signal);
    await r.reconcile({ namespace: 'default', name: 'gone' }, signal);
    expect(writes).toHaveLength(1);
  });
});
