// The EndpointSlice controller: for each Service with a selector, the slices labelled
// kubernetes.io/service-name=<svc> and managed-by endpointslice-controller.k8s.io, owned by the
// Service, made equal to the desired slices (existing ones reused before new ones are created).
// Writes not yet seen by the informer make the Service wait (SliceTracker), so a slice it has just
// created is never created twice.
import type { V1EndpointSlice } from '@kubernetes/client-node';
import {
  controllerRef,
  deepCopy,
  isNotFound,
  keyString,
  mapSelectorMatcher,
  type ObjectKey,
  type Result,
} from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext } from '../runtime/index.js';
import { HeadlessLabel, canonicalJSON, isHeadless, servicesForPodEvent } from '../util/index.js';
import { ManagedBy, ManagedByLabel, ServiceNameLabel, desiredSlices, type DesiredSlice } from './desired.js';
import { SliceTracker } from './tracker.js';

export interface EndpointSliceOptions {
  workers?: number;
  maxEndpointsPerSlice?: number;
}

const ServiceIndex = 'service';

/** The key of the Service a slice we manage belongs to. */
function serviceKeyOf(s: V1EndpointSlice): string | undefined {
  const svc = s.metadata?.labels?.[ServiceNameLabel];
  return svc && s.metadata?.labels?.[ManagedByLabel] === ManagedBy ? `${s.metadata?.namespace}/${svc}` : undefined;
}

export class EndpointSliceController extends ReconcilerBase {
  private readonly services = this.ctx.informers.informer('services');
  private readonly pods = this.ctx.informers.informer('pods');
  private readonly slices = this.ctx.informers.informer('endpointslices');
  private readonly tracker = new SliceTracker(() => this.ctx.clock.now());
  private readonly max: number;

  constructor(ctx: ControllerContext, opts: EndpointSliceOptions = {}) {
    super(ctx, 'endpointslice');
    this.max = opts.maxEndpointsPerSlice ?? 100;
    if (!this.slices.store.hasIndex(ServiceIndex)) this.slices.store.addIndex(ServiceIndex, (s) => [serviceKeyOf(s)].filter((k): k is string => !!k));
    this.complete(
      this.builder(opts.workers ?? 5)
        .for(this.services)
        .watches(this.slices, ({ obj }) => serviceKeyOf(obj))
        .watches(this.pods, servicesForPodEvent(this.services.store)),
    );
  }

  async reconcile(key: ObjectKey): Promise<Result | void> {
    const k = keyString(key);
    // Our last writes are not in the cache yet: acting now could duplicate or undo them. The
    // informer event that catches up enqueues the Service again; the requeue is a safety net.
    if (this.tracker.stale(k, (name) => this.slices.store.get(`${key.namespace}/${name}`))) return { requeueAfterMs: 250 };
    const svc = this.services.store.get(k);
    const existing = [...this.slices.store.byIndex(ServiceIndex, k)].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    if (!svc || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
      for (const s of existing) await this.remove(k, s);
      if (!svc) this.tracker.forget(k);
      return;
    }
    const matches = mapSelectorMatcher(svc.spec.selector);
    const pods = this.pods.store.listNamespace(key.namespace ?? '').filter((p) => matches(p.metadata?.labels));
    const want = desiredSlices(svc, pods, this.max);
    const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}), [ServiceNameLabel]: key.name, [ManagedByLabel]: ManagedBy };
    if (isHeadless(svc)) labels[HeadlessLabel] = '';

    // Pair desired slices with existing ones: same ports first, then any leftover.
    const unused = [...existing];
    const take = (d: DesiredSlice): V1EndpointSlice | undefined => {
      const i = unused.findIndex((s) => canonicalJSON(s.ports) === canonicalJSON(d.ports));
      return i >= 0 ? unused.splice(i, 1)[0] : undefined;
    };
    const pending: Array<{ d: DesiredSlice; cur?: V1EndpointSlice }> = want.map((d) => ({ d, cur: take(d) }));
    for (const p of pending) if (!p.cur && unused.length) p.cur = unused.shift();

    for (const { d, cur } of pending) {
      if (!cur) {
        const created = await this.ctx.clients.endpointslices.create({
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { generateName: `${key.name}-`, namespace: key.namespace, labels, ownerReferences: [controllerRef(svc, 'v1', 'Service')] },
          addressType: 'IPv4',
          endpoints: d.endpoints,
          ports: d.ports,
        });
        this.tracker.wrote(k, created);
        continue;
      }
      const same =
        canonicalJSON(cur.endpoints) === canonicalJSON(d.endpoints) &&
        canonicalJSON(cur.ports) === canonicalJSON(d.ports) &&
        canonicalJSON(cur.metadata?.labels) === canonicalJSON(labels);
      if (same) continue;
      const next = deepCopy(cur);
      next.metadata!.labels = labels;
      next.endpoints = d.endpoints;
      next.ports = d.ports;
      this.tracker.wrote(k, await this.ctx.clients.endpointslices.update(next));
    }
    // Keep one (empty) slice for a Service without endpoints, as Kubernetes does.
    if (want.length === 0 && existing.length === 0) {
      const created = await this.ctx.clients.endpointslices.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${key.name}-`, namespace: key.namespace, labels, ownerReferences: [controllerRef(svc, 'v1', 'Service')] },
        addressType: 'IPv4',
        endpoints: [],
        ports: [],
      });
      this.tracker.wrote(k, created);
      return;
    }
    const extra = want.length === 0 ? unused.slice(1) : unused;
    if (want.length === 0 && unused[0]) {
      const keep = unused[0];
      if ((keep.endpoints ?? []).length || (keep.ports ?? []).length) {
        this.tracker.wrote(k, await this.ctx.clients.endpointslices.update({ ...deepCopy(keep), endpoints: [], ports: [] }));
      }
    }
    for (const s of extra) await this.remove(k, s);
  }

  private async remove(service: string, s: V1EndpointSlice): Promise<void> {
    try {
      await this.ctx.clients.endpointslices.delete(s.metadata?.namespace, s.metadata?.name ?? '', { uid: s.metadata?.uid });
      this.tracker.deleted(service, s.metadata?.name ?? '');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
