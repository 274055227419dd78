// The Endpoints controller: one core/v1 Endpoints object per Service with a selector, named like
// the Service, kept equal to the desired subsets. Pod changes enqueue the Services selecting them,
// so address changes land within one reconcile.
import type { V1Endpoints, V1Pod, V1Service } from '@kubernetes/client-node';
import {
  ControllerBuilder,
  deepCopy,
  isNotFound,
  keyString,
  mapSelectorMatcher,
  type Controller,
  type Informer,
  type ObjectKey,
  type Reconciler,
} from '../../apimachinery/controller/index.js';
import type { ControllerContext } from '../runtime/index.js';
import { HeadlessLabel, canonicalJSON, isHeadless, servicesForPodEvent } from '../util/index.js';

import { desiredSubsets } from './desired.js';

export interface EndpointsOptions {
  workers?: number;
}

export class EndpointsController implements Reconciler {
  readonly controller: Controller;
  private readonly services: Informer<V1Service>;
  private readonly pods: Informer<V1Pod>;
  private readonly endpoints: Informer<V1Endpoints>;

  constructor(
    private readonly ctx: ControllerContext,
    opts: EndpointsOptions = {},
  ) {
    this.services = ctx.informers.informer('services');
    this.pods = ctx.informers.informer('pods');
    this.endpoints = ctx.informers.informer('endpoints');
    // Endpoints are named like their Service: a deleted one maps to its own key.
    this.controller = new ControllerBuilder({ name: 'endpoints', logger: ctx.logger.child({ controller: 'endpoints' }), workers: opts.workers ?? 5 })
      .for(this.services)
      .watches(this.pods, servicesForPodEvent(this.services.store))
      .for(this.endpoints, { on: ['delete'] })
      .complete(this);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
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
