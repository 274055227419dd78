// The service-account controller: every active namespace has a `default` ServiceAccount
// (recreated if deleted).
import type { V1Namespace, V1ServiceAccount } from '@kubernetes/client-node';
import { ControllerBuilder, isAlreadyExists, namespaceOfNamed, type Controller, type Informer, type ObjectKey, type Reconciler } from '../../apimachinery/controller/index.js';
import type { ControllerContext } from '../runtime/index.js';

export const DefaultServiceAccount = 'default';

export interface ServiceAccountOptions {
  workers?: number;
}

export class ServiceAccountController implements Reconciler {
  readonly controller: Controller;
  private readonly namespaces: Informer<V1Namespace>;
  private readonly accounts: Informer<V1ServiceAccount>;

  constructor(
    private readonly ctx: ControllerContext,
    opts: ServiceAccountOptions = {},
  ) {
    this.namespaces = ctx.informers.informer('namespaces');
    this.accounts = ctx.informers.informer('serviceaccounts');
    this.controller = new ControllerBuilder({ name: 'serviceaccount', logger: ctx.logger.child({ controller: 'serviceaccount' }), workers: opts.workers ?? 1 })
      .for(this.namespaces, { on: ['add', 'update'] })
      .watches(this.accounts, namespaceOfNamed(DefaultServiceAccount), { on: ['delete'] })
      .complete(this);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  async reconcile(key: ObjectKey): Promise<void> {
    const ns = this.namespaces.store.get(key.name);
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    if (this.accounts.store.getByName(key.name, DefaultServiceAccount)) return;
    try {
      await this.ctx.clients.serviceaccounts.create({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: DefaultServiceAccount, namespace: key.name },
      });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
