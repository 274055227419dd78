// The shared informer factory: one ListWatchInformer per resource, created on first use and
// shared by every controller that asks for it.
import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { ListWatchInformer, type Informer } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { InformerFactory } from './clients.js';
import { resourceInfo, type ResourceName, type ResourceTypes } from './resources.js';

type ListAll = () => Promise<KubernetesListObject<KubernetesObject>>;

function lister(kc: KubeConfig, r: ResourceName): ListAll {
  const core = () => kc.makeApiClient(CoreV1Api);
  const table: Record<ResourceName, ListAll> = {
    pods: () => core().listPodForAllNamespaces(),
    services: () => core().listServiceForAllNamespaces(),
    endpoints: () => core().listEndpointsForAllNamespaces(),
    namespaces: () => core().listNamespace(),
    nodes: () => core().listNode(),
    serviceaccounts: () => core().listServiceAccountForAllNamespaces(),
    configmaps: () => core().listConfigMapForAllNamespaces(),
    secrets: () => core().listSecretForAllNamespaces(),
    events: () => core().listEventForAllNamespaces(),
    replicasets: () => kc.makeApiClient(AppsV1Api).listReplicaSetForAllNamespaces(),
    deployments: () => kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces(),
    endpointslices: () => kc.makeApiClient(DiscoveryV1Api).listEndpointSliceForAllNamespaces(),
    leases: () => kc.makeApiClient(CoordinationV1Api).listLeaseForAllNamespaces(),
  };
  return table[r];
}

export class SharedInformerFactory implements InformerFactory {
  private readonly informers = new Map<ResourceName, ListWatchInformer<KubernetesObject>>();
  private signal?: AbortSignal;
  private readonly runs: Promise<void>[] = [];

  constructor(
    private readonly kc: KubeConfig,
    private readonly logger: Logger,
  ) {}

  informer<K extends ResourceName>(resource: K): Informer<ResourceTypes[K]> {
    let inf = this.informers.get(resource);
    if (!inf) {
      const info = resourceInfo[resource];
      inf = new ListWatchInformer(this.kc, { path: info.path, typeName: info.typeName, list: lister(this.kc, resource) }, { logger: this.logger });
      this.informers.set(resource, inf);
      if (this.signal) this.runs.push(inf.run(this.signal));
    }
    return inf as unknown as Informer<ResourceTypes[K]>;
  }

  start(signal: AbortSignal): void {
    if (this.signal) return;
    this.signal = signal;
    for (const inf of this.informers.values()) this.runs.push(inf.run(signal));
  }

  /** Resolves when every informer has stopped (after the start signal aborted). */
  async stopped(): Promise<void> {
    await Promise.all(this.runs);
  }
}
