// The Endpoints controller: one core/v1 Endpoints object per Service with a selector, named like
// the Service, kept equal to the desired subsets. Pod changes enqueue the Services selecting them,
// so address changes land within one reconcile.
import { deepCopy, isNotFound, keyString, mapSelectorMatcher, type ObjectKey } from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext, type WorkerOptions } from '../runtime/index.js';
import { HeadlessLabel, canonicalJSON, isHeadless, servicesForPodEvent } from '../util/index.js';

import { desiredSubsets } from './desired.js';

export type EndpointsOptions = WorkerOptions;

export class EndpointsController extends ReconcilerBase {
  private readonly services = this.ctx.informers.informer('services');
  private readonly pods = this.ctx.informers.informer('pods');
  private readonly endpoints = this.ctx.informers.informer('endpoints');

  constructor(ctx: ControllerContext, opts: EndpointsOptions = {}) {
    super(ctx, 'endpoints');
    // Endpoints are named like their Service: a deleted one maps to its own key.
    this.complete(
      this.builder(opts.workers ?? 5)
        .for(this.services)
        .watches(this.pods, servicesForPodEvent(this.services.store))
        .for(this.endpoints, { on: ['delete'] }),
    );
  }

  async reconcile(key: ObjectKey): Promise<void> {
    const svc = this.services.store.get(keyString(key));
    const current = this.endpoints.store.get(keyString(key));
    if (!svc) {
      if (current) {
        try {
          await this.ctx.clients.endpoints.delete(key.namespace, key.name);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return;
    }
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return; // managed by someone else
    const matches = mapSelectorMatcher(svc.spec.selector);
    const pods = this.pods.store.listNamespace(key.namespace ?? '').filter((p) => matches(p.metadata?.labels));
    const subsets = desiredSubsets(svc, pods);
    const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
    if (isHeadless(svc)) labels[HeadlessLabel] = '';
    if (current && canonicalJSON(current.subsets) === canonicalJSON(subsets) && canonicalJSON(current.metadata?.labels) === canonicalJSON(labels)) return;
    if (!current) {
      await this.ctx.clients.endpoints.create({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: key.name, namespace: key.namespace, labels },
        subsets,
      });
      return;
    }
    const next = deepCopy(current);
    next.metadata!.labels = labels;
    next.subsets = subsets;
    await this.ctx.clients.endpoints.update(next);
  }
}
