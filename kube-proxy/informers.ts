// The informers kube-proxy, the service LB and cluster DNS watch: Services, EndpointSlices
// (discovery.k8s.io/v1) and Nodes, all through client-node's ListWatch. Lists (and relists) go
// through keep-alive API clients: client-node 1.3 would otherwise open a connection per request.
import { CoreV1Api, DiscoveryV1Api, type KubeConfig, type KubernetesObject, type V1EndpointSlice, type V1Node, type V1Service } from '@kubernetes/client-node';
import { ListWatchInformer, type ListWatchSource } from '../apimachinery/controller/index.js';
import { keepAliveApiClient } from '../apimachinery/keepalive.js';
import type { Logger } from '../apimachinery/log.js';

export interface ProxyInformers {
  services: ListWatchInformer<V1Service>;
  slices: ListWatchInformer<V1EndpointSlice>;
  nodes: ListWatchInformer<V1Node>;
}

/** The API clients of kube-proxy and cluster DNS: one keep-alive connection pool per API group. */
export interface ProxyApi {
  core: CoreV1Api;
  discovery: DiscoveryV1Api;
}

export function proxyApi(kc: KubeConfig): ProxyApi {
  return { core: keepAliveApiClient(kc, CoreV1Api), discovery: keepAliveApiClient(kc, DiscoveryV1Api) };
}

export function serviceInformer(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ListWatchInformer<V1Service> {
  return informer(kc, logger, { path: '/api/v1/services', typeName: 'V1Service', list: () => api.core.listServiceForAllNamespaces() });
}

export function sliceInformer(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ListWatchInformer<V1EndpointSlice> {
  return informer(kc, logger, {
    path: '/apis/discovery.k8s.io/v1/endpointslices',
    typeName: 'V1EndpointSlice',
    list: () => api.discovery.listEndpointSliceForAllNamespaces(),
  });
}

export function nodeInformer(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ListWatchInformer<V1Node> {
  return informer(kc, logger, { path: '/api/v1/nodes', typeName: 'V1Node', list: () => api.core.listNode() });
}

function informer<T extends KubernetesObject>(kc: KubeConfig, logger: Logger, src: ListWatchSource<T>): ListWatchInformer<T> {
  return new ListWatchInformer<T>(kc, src, { logger });
}

export function newProxyInformers(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ProxyInformers {
  return { services: serviceInformer(kc, logger, api), slices: sliceInformer(kc, logger, api), nodes: nodeInformer(kc, logger, api) };
}
