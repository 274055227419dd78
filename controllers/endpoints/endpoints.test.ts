import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { EndpointSliceController, ManagedBy } from '../endpointslice/index.js';
import { settle, testContext } from '../testing/index.js';
import { EndpointsController } from './controller.js';
import { desiredSubsets } from './desired.js';

function svc(over: Partial<V1Service['spec']> = {}): V1Service {
  return {
    metadata: { name: 'web', namespace: 'default', labels: { team: 'a' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], clusterIP: '10.96.0.5', ...over },
  };
}

function pod(name: string, ip: string | undefined, ready: boolean, extra: Partial<V1Pod> = {}): V1Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app: 'web' }, uid: `uid-${name}` },
    spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    ...extra,
  };
}

describe('desiredSubsets', () => {
  it('splits ready / not-ready, resolves named target ports, skips pods without IP', () => {
    const subsets = desiredSubsets(svc(), [pod('b', '10.244.0.3', true), pod('a', '10.244.0.2', true), pod('c', '10.244.0.4', false), pod('d', undefined, true)]);
    expect(subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.0.2', nodeName: 'node1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
          { ip: '10.244.0.3', nodeName: 'node1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
        ],
        notReadyAddresses: [{ ip: '10.244.0.4', nodeName: 'node1', targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it.each([
    ['numeric targetPort', { ports: [{ port: 80, targetPort: 9090 }] }, [{ port: 9090, protocol: 'TCP' }]],
    ['targetPort defaults to port', { ports: [{ port: 80 }] }, [{ port: 80, protocol: 'TCP' }]],
  ])('%s', (_n, spec, ports) => {
    expect(desiredSubsets(svc(spec as Partial<V1Service['spec']>), [pod('a', '1.1.1.1', true)])[0]!.ports).toEqual(ports);
  });

  it('publishNotReadyAddresses puts every pod in addresses, including terminating ones', () => {
    const terminating = pod('t', '10.0.0.9', false);
    terminating.metadata!.deletionTimestamp = new Date();
    const s = desiredSubsets(svc({ publishNotReadyAddresses: true }), [pod('a', '10.0.0.1', false), terminating]);
    expect(s[0]!.addresses!.map((a) => a.ip)).toEqual(['10.0.0.1', '10.0.0.9']);
    expect(s[0]!.notReadyAddresses).toBeUndefined();
  });

  it('drops terminating and terminal pods otherwise; headless services without ports list addresses only', () => {
    const t = pod('t', '10.0.0.9', true);
    t.metadata!.deletionTimestamp = new Date();
    const done = pod('f', '10.0.0.8', false);
    done.status!.phase = 'Succeeded';
    const s = desiredSubsets(svc({ clusterIP: 'None', ports: [] }), [pod('a', '10.0.0.1', true), t, done]);
    expect(s).toEqual([{ addresses: [expect.objectContaining({ ip: '10.0.0.1' })] }]);
  });

  it('a pod lacking the named port is left out', () => {
    const p = pod('a', '1.1.1.1', true);
    p.spec!.containers[0]!.ports = [];
    expect(desiredSubsets(svc(), [p])).toEqual([]);
  });
});

describe('Endpoints and EndpointSlice controllers', () => {
  function setup() {
    const t = testContext();
    const ec = new EndpointsController(t.ctx);
    const esc = new EndpointSliceController(t.ctx);
    return { ...t, run: () => settle([ec.controller, esc.controller]) };
  }

  it('follow pod readiness, and clean up when the service goes', async () => {
    const { cluster, run } = setup();
    const s = cluster.seed('services', svc());
    const p = cluster.seed('pods', pod('a', '10.244.1.2', false));
    await run();
    const ep = cluster.get('endpoints', 'default', 'web')!;
    expect(ep.metadata!.labels).toEqual({ team: 'a' });
    expect(ep.subsets![0]!.notReadyAddresses![0]!.ip).toBe('10.244.1.2');
    const [slice] = cluster.list('endpointslices', 'default');
    expect(slice!.metadata!.labels).toEqual({ team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': ManagedBy });
    expect(slice!.metadata!.ownerReferences![0]).toMatchObject({ kind: 'Service', name: 'web', uid: s.metadata!.uid, controller: true });
    expect(slice!.metadata!.name).toMatch(/^web-/);
    expect(slice!.addressType).toBe('IPv4');
    expect(slice!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice!.endpoints).toEqual([
      {
        addresses: ['10.244.1.2'],
        conditions: { ready: false, serving: false, terminating: false },
        nodeName: 'node1',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: p.metadata!.uid },
      },
    ]);

    await cluster.clients.pods.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'True' }] } });
    await run();
    expect(cluster.get('endpoints', 'default', 'web')!.subsets![0]!.addresses![0]!.ip).toBe('10.244.1.2');
    expect(cluster.list('endpointslices', 'default')[0]!.endpoints![0]!.conditions).toEqual({ ready: true, serving: true, terminating: false });

    // terminating: gone from Endpoints, still in the slice as serving but not ready
    await cluster.clients.pods.update({ ...cluster.get('pods', 'default', 'a')!, metadata: { ...cluster.get('pods', 'default', 'a')!.metadata, finalizers: ['x'] } });
    await cluster.clients.pods.delete('default', 'a');
    await run();
    expect(cluster.get('endpoints', 'default', 'web')!.subsets).toEqual([]);
    expect(cluster.list('endpointslices', 'default')[0]!.endpoints![0]!.conditions).toEqual({ ready: false, serving: true, terminating: true });

    await cluster.clients.services.delete('default', 'web');
    await run();
    expect(cluster.get('endpoints', 'default', 'web')).toBeUndefined();
    expect(cluster.list('endpointslices', 'default')).toEqual([]);
  });

  it('react to label changes moving a pod out of the selector', async () => {
    const { cluster, run } = setup();
    cluster.seed('services', svc());
    cluster.seed('pods', pod('a', '10.244.1.2', true));
    await run();
    await cluster.clients.pods.patch('default', 'a', { metadata: { labels: { app: 'other' } } });
    await run();
    expect(cluster.get('endpoints', 'default', 'web')!.subsets).toEqual([]);
    const slices = cluster.list('endpointslices', 'default');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toEqual([]);
  });

  it('split slices beyond the per-slice maximum and leave selector-less services alone', async () => {
    const t = testContext();
    const esc = new EndpointSliceController(t.ctx, { maxEndpointsPerSlice: 2 });
    const ec = new EndpointsController(t.ctx);
    t.cluster.seed('services', svc());
    t.cluster.seed('services', { metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    for (let i = 0; i < 5; i++) t.cluster.seed('pods', pod(`p${i}`, `10.0.0.${i + 1}`, true));
    await settle([esc.controller, ec.controller]);
    const slices = t.cluster.list('endpointslices', 'default');
    expect(slices.map((s) => s.endpoints!.length).sort()).toEqual([1, 2, 2]);
    expect(t.cluster.get('endpoints', 'default', 'manual')).toBeUndefined();
  });
});
