// The service LB controller: level-based reconcile of one Service key; writes the desired ingress
// through the services/status subresource. Node changes requeue every LoadBalancer Service.
import { CoreV1Api, type KubeConfig, type V1Node, type V1Service } from '@kubernetes/client-node';
import { Controller, deepCopy, keyOf, type Informer, type ObjectKey, type Reconciler } from '../../apimachinery/controller/index.js';
import { keepAliveApiClient } from '../../apimachinery/keepalive.js';
import type { Logger } from '../../apimachinery/log.js';
import { desiredIngress, isOurs, sameIngress } from './ingress.js';

/** Writes a Service's status (services/status). */
export interface ServiceStatusWriter {
  updateStatus(svc: V1Service, signal: AbortSignal): Promise<void>;
}

/** Status writes through a keep-alive client (client-node 1.3 opens a connection per request otherwise). */
export function clientStatusWriter(kc: KubeConfig, core: CoreV1Api = keepAliveApiClient(kc, CoreV1Api)): ServiceStatusWriter {
  return {
    updateStatus: async (svc) => {
      await core.replaceNamespacedServiceStatus({ name: svc.metadata!.name!, namespace: svc.metadata!.namespace!, body: svc });
    },
  };
}

export class ServiceLBReconciler implements Reconciler {
  constructor(
    private readonly services: Informer<V1Service>,
    private readonly nodes: Informer<V1Node>,
    private readonly writer: ServiceStatusWriter,
    private readonly log: Logger,
  ) {}

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<void> {
    const svc = this.services.store.getByName(key.namespace, key.name);
    if (!svc) return;
    const want = desiredIngress(svc, this.nodes.store.list());
    const have = svc.status?.loadBalancer?.ingress;
    if (want === undefined || sameIngress(want, have)) return;
    const copy = deepCopy(svc);
    copy.status = { ...(copy.status ?? {}), loadBalancer: want.length > 0 ? { ingress: want } : {} };
    await this.writer.updateStatus(copy, signal);
    this.log.info({ service: `${key.namespace}/${key.name}`, ingress: want.map((i) => i.ip) }, 'load balancer ingress updated');
  }
}

/** Wires the reconciler to the informers; run the returned controller with `run(signal)`. */
export function newServiceLBController(
  services: Informer<V1Service>,
  nodes: Informer<V1Node>,
  writer: ServiceStatusWriter,
  logger: Logger,
): Controller {
  const log = logger.child({ controller: 'servicelb' });
  const c = new Controller({ name: 'servicelb', reconciler: new ServiceLBReconciler(services, nodes, writer, log), logger: log, waitFor: [services, nodes] });
  const enqueue = (s: V1Service): void => c.enqueue(keyOf(s));
  services.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
  const all = (): void => {
    for (const s of services.store.list()) if (isOurs(s)) enqueue(s);
  };
  nodes.addEventHandler({ onAdd: all, onUpdate: all, onDelete: all });
  return c;
}
