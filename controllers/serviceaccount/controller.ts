// The service-account controller: every active namespace has a `default` ServiceAccount
// (recreated if deleted).
import type { V1Namespace, V1ServiceAccount } from '@kubernetes/client-node';
import { Controller, isAlreadyExists, keyOf, type Informer, type ObjectKey, type Reconciler } from '../../apimachinery/controller/index.js';
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
    this.controller = new Controller({
      name: 'serviceaccount',
      reconciler: this,
      logger: ctx.logger.child({ controller: 'serviceaccount' }),
      workers: opts.workers ?? 1,
      waitFor: [this.namespaces, this.accounts],
    });
    const enqueue = (ns: V1Namespace): void => this.controller.enqueue(keyOf(ns));
    this.namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });
    this.accounts.addEventHandler({
      onDelete: (sa) => {
        if (sa.metadata?.name === DefaultServiceAccount && sa.metadata.namespace) this.controller.enqueue(sa.metadata.namespace);
      },
    });
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
