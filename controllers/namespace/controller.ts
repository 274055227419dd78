// The namespace controller: a namespace being deleted (deletionTimestamp set, `kubernetes` in
// spec.finalizers) is marked Terminating, every namespaced object in it is deleted, and once
// nothing is left the `kubernetes` finalizer is removed through namespaces/<ns>/finalize.
import type { KubernetesObject } from '@kubernetes/client-node';
import { deepCopy, isNotFound, type ObjectKey, type Result } from '../../apimachinery/controller/index.js';
import { ReconcilerBase, resourceInfo, resourceNames, type ControllerContext, type ResourceClient, type ResourceName } from '../runtime/index.js';

export const KubernetesFinalizer = 'kubernetes';

export interface NamespaceOptions {
  workers?: number;
  /** How soon to look again while content is still going away. */
  recheckMs?: number;
}

/** Namespaced resources in deletion order: workloads first so they stop recreating pods. */
const order: ResourceName[] = ['deployments', 'replicasets', 'pods'];
export const namespacedResources: ResourceName[] = [
  ...order,
  ...resourceNames.filter((r) => resourceInfo[r].namespaced && !order.includes(r)),
];

export class NamespaceController extends ReconcilerBase {
  private readonly namespaces = this.ctx.informers.informer('namespaces');
  private readonly recheckMs: number;

  constructor(ctx: ControllerContext, opts: NamespaceOptions = {}) {
    super(ctx, 'namespace');
    this.recheckMs = opts.recheckMs ?? 2000;
    this.complete(this.builder(opts.workers ?? 10).for(this.namespaces, { on: ['add', 'update'], when: ({ obj }) => !!obj.metadata?.deletionTimestamp }));
  }

  async reconcile(key: ObjectKey): Promise<Result | void> {
    const cached = this.namespaces.store.get(key.name);
    if (!cached?.metadata?.deletionTimestamp) return;
    let ns = deepCopy(cached);
    if (ns.status?.phase !== 'Terminating') {
      ns.status = { ...ns.status, phase: 'Terminating' };
      ns = await this.ctx.clients.namespaces.updateStatus(ns);
    }
    if (!(ns.spec?.finalizers ?? []).includes(KubernetesFinalizer)) return;

    let remaining = 0;
    for (const r of namespacedResources) {
      const client = this.ctx.clients[r] as unknown as ResourceClient<KubernetesObject>;
      const items = await client.list(key.name);
      for (const o of items) {
        remaining++;
        if (o.metadata?.deletionTimestamp) continue;
        try {
          await client.delete(key.name, o.metadata?.name ?? '', { propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    if (remaining > 0) {
      this.log.debug({ namespace: key.name, remaining }, 'waiting for namespace content to be deleted');
      return { requeueAfterMs: this.recheckMs };
    }
    const done = deepCopy(ns);
    done.spec = { ...done.spec, finalizers: (done.spec?.finalizers ?? []).filter((f) => f !== KubernetesFinalizer) };
    await this.ctx.clients.namespaces.finalize(done);
    this.log.info({ namespace: key.name }, 'namespace content deleted; finalized');
  }
}
