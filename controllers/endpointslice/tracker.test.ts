// The EndpointSlice controller never creates a second slice while its informer has not yet shown
// it the slice it just created (SliceTracker), and the tracker's own rules.
import type { V1EndpointSlice, V1Pod, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { settle, testContext } from '../testing/index.js';
import { EndpointSliceController } from './controller.js';
import { SliceTracker } from './tracker.js';

const svc: V1Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
const pod = (name: string, ip: string, ready: boolean): V1Pod => ({
  metadata: { name, namespace: 'default', labels: { app: 'web' }, uid: `uid-${name}` },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const slice = (name: string, rv: string): V1EndpointSlice => ({ metadata: { name, resourceVersion: rv }, addressType: 'IPv4', endpoints: [] });

describe('EndpointSlice controller with a stale slice cache', () => {
  it('waits for its own create to be observed instead of creating a duplicate', async () => {
    const { cluster, ctx } = testContext();
    const esc = new EndpointSliceController(ctx);
    cluster.seed('services', svc);
    cluster.seed('pods', pod('a', '10.0.0.1', false));
    cluster.hold();
    const key = { namespace: 'default', name: 'web' };
    await esc.reconcile(key);
    expect(cluster.list('endpointslices', 'default')).toHaveLength(1);
    // A pod change arrives before the slice's ADDED event: the cache still has no slice.
    await cluster.clients.pods.updateStatus({ ...pod('a', '10.0.0.1', true) , metadata: cluster.get('pods', 'default', 'a')!.metadata });
    expect(await esc.reconcile(key)).toEqual({ requeueAfterMs: expect.any(Number) });
    expect(cluster.list('endpointslices', 'default')).toHaveLength(1);
    cluster.flush();
    await settle([esc.controller]);
    const slices = cluster.list('endpointslices', 'default');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints.map((e) => e.conditions?.ready)).toEqual([true]);
  });
});

describe('SliceTracker', () => {
  it('is stale from a write until the cache holds that very version (or the slice is gone), or the wait runs out', () => {
    let now = 0;
    const t = new SliceTracker(() => now, 5000);
    const cache = new Map<string, V1EndpointSlice>();
    const get = (n: string): V1EndpointSlice | undefined => cache.get(n);
    expect(t.stale('ns/web', get)).toBe(false);
    t.wrote('ns/web', slice('web-1', '10'));
    expect(t.stale('ns/web', get)).toBe(true);
    cache.set('web-1', slice('web-1', '9'));
    expect(t.stale('ns/web', get)).toBe(true);
    cache.set('web-1', slice('web-1', '10'));
    expect(t.stale('ns/web', get)).toBe(false);

    t.deleted('ns/web', 'web-1');
    expect(t.stale('ns/web', get)).toBe(true);
    cache.delete('web-1');
    expect(t.stale('ns/web', get)).toBe(false);

    t.wrote('ns/web', slice('web-2', '11'));
    expect(t.stale('ns/other', get)).toBe(false);
    now = 5000;
    expect(t.stale('ns/web', get)).toBe(false);
  });
});
