// The informers kube-proxy, the service LB and cluster DNS watch: Services, EndpointSlices
// (discovery.k8s.io/v1) and Nodes, all through client-node's ListWatch. Lists (and relists) go
// through keep-alive API clients: client-node 1.3 would otherwise open a connection per request.
import { CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1EndpointSlice, type V1Node, type V1Service } from '@kubernetes/client-node';
import { ListWatchInformer } from '../apimachinery/controller/index.js';
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
  const core = api.core;
  return new ListWatchInformer<V1Service>(
    kc,
    { path: '/api/v1/services', typeName: 'V1Service', list: () => core.listServiceForAllNamespaces() },
    { logger },
  );
}

export function sliceInformer(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ListWatchInformer<V1EndpointSlice> {
  const discovery = api.discovery;
  return new ListWatchInformer<V1EndpointSlice>(
    kc,
    { path: '/apis/discovery.k8s.io/v1/endpointslices', typeName: 'V1EndpointSlice', list: () => discovery.listEndpointSliceForAllNamespaces() },
    { logger },
  );
}

export function nodeInformer(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ListWatchInformer<V1Node> {
  const core = api.core;
  return new ListWatchInformer<V1Node>(kc, { path: '/api/v1/nodes', typeName: 'V1Node', list: () => core.listNode() }, { logger });
}

export function newProxyInformers(kc: KubeConfig, logger: Logger, api: ProxyApi = proxyApi(kc)): ProxyInformers {
  return { services: serviceInformer(kc, logger, api), slices: sliceInformer(kc, logger, api), nodes: nodeInformer(kc, logger, api) };
}
