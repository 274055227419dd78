// The informers kube-proxy, the service LB and cluster DNS watch: Services, EndpointSlices
// (discovery.k8s.io/v1) and Nodes, all through client-node's ListWatch.
import { CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1EndpointSlice, type V1Node, type V1Service } from '@kubernetes/client-node';
import { ListWatchInformer } from '../apimachinery/controller/index.js';
import type { Logger } from '../apimachinery/log.js';

export interface ProxyInformers {
  services: ListWatchInformer<V1Service>;
  slices: ListWatchInformer<V1EndpointSlice>;
  nodes: ListWatchInformer<V1Node>;
}

export function serviceInformer(kc: KubeConfig, logger: Logger): ListWatchInformer<V1Service> {
  const core = kc.makeApiClient(CoreV1Api);
  return new ListWatchInformer<V1Service>(
    kc,
    { path: '/api/v1/services', typeName: 'V1Service', list: () => core.listServiceForAllNamespaces() },
    { logger },
  );
}

export function sliceInformer(kc: KubeConfig, logger: Logger): ListWatchInformer<V1EndpointSlice> {
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  return new ListWatchInformer<V1EndpointSlice>(
    kc,
    { path: '/apis/discovery.k8s.io/v1/endpointslices', typeName: 'V1EndpointSlice', list: () => discovery.listEndpointSliceForAllNamespaces() },
    { logger },
  );
}

export function nodeInformer(kc: KubeConfig, logger: Logger): ListWatchInformer<V1Node> {
  const core = kc.makeApiClient(CoreV1Api);
  return new ListWatchInformer<V1Node>(kc, { path: '/api/v1/nodes', typeName: 'V1Node', list: () => core.listNode() }, { logger });
}

export function newProxyInformers(kc: KubeConfig, logger: Logger): ProxyInformers {
  return { services: serviceInformer(kc, logger), slices: sliceInformer(kc, logger), nodes: nodeInformer(kc, logger) };
}
