// The root CA certificate publisher (kube-controller-manager's root-ca-cert-publisher): every
// active namespace holds ConfigMap kube-root-ca.crt with key ca.crt = the cluster CA (from
// --root-ca-file), recreated if deleted and put back if changed. Pods' projected
// ServiceAccount volumes read ca.crt from it.
import { isAlreadyExists, namespaceOfNamed, type ObjectKey } from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext } from '../runtime/index.js';

export const RootCAConfigMap = 'kube-root-ca.crt';
const description = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface RootCAOptions {
  /** PEM of the CA bundle to publish. */
  caPem: string;
  workers?: number;
}

export class RootCACertPublisher extends ReconcilerBase {
  private readonly namespaces = this.ctx.informers.informer('namespaces');
  private readonly configmaps = this.ctx.informers.informer('configmaps');

  constructor(
    ctx: ControllerContext,
    private readonly opts: RootCAOptions,
  ) {
    super(ctx, 'root-ca-cert-publisher');
    this.complete(
      this.builder(opts.workers ?? 1)
        .for(this.namespaces, { on: ['add', 'update'] })
        .watches(this.configmaps, namespaceOfNamed(RootCAConfigMap), { on: ['update', 'delete'] }),
    );
  }

  async reconcile(key: ObjectKey): Promise<void> {
    const namespace = key.name;
    const ns = this.namespaces.store.get(namespace);
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    const data = { 'ca.crt': this.opts.caPem };
    const cm = this.configmaps.store.getByName(namespace, RootCAConfigMap);
    if (!cm) {
      try {
        await this.ctx.clients.configmaps.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: RootCAConfigMap, namespace, annotations: { 'kubernetes.io/description': description } },
          data,
        });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err; // the cache is behind: the update event brings us back
      }
      return;
    }
    const sameData = Object.keys(cm.data ?? {}).length === 1 && cm.data?.['ca.crt'] === this.opts.caPem && !cm.binaryData;
    if (sameData && cm.metadata?.annotations?.['kubernetes.io/description'] === description) return;
    const updated = structuredClone(cm);
    updated.data = data;
    delete updated.binaryData;
    updated.metadata = { ...updated.metadata, annotations: { ...updated.metadata?.annotations, 'kubernetes.io/description': description } };
    await this.ctx.clients.configmaps.update(updated);
  }
}
