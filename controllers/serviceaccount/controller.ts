// The service-account controller: every active namespace has a `default` ServiceAccount
// (recreated if deleted).
import { isAlreadyExists, namespaceOfNamed, type ObjectKey } from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext, type WorkerOptions } from '../runtime/index.js';

export const DefaultServiceAccount = 'default';

export type ServiceAccountOptions = WorkerOptions;

export class ServiceAccountController extends ReconcilerBase {
  private readonly namespaces = this.ctx.informers.informer('namespaces');
  private readonly accounts = this.ctx.informers.informer('serviceaccounts');

  constructor(ctx: ControllerContext, opts: ServiceAccountOptions = {}) {
    super(ctx, 'serviceaccount');
    this.complete(
      this.builder(opts.workers ?? 1)
        .for(this.namespaces, { on: ['add', 'update'] })
        .watches(this.accounts, namespaceOfNamed(DefaultServiceAccount), { on: ['delete'] }),
    );
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
