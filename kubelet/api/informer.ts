// The pod informer: one list+watch of pods (optionally only those bound to one node) through
// client-node, feeding handlers that route each pod to its node's PodManager.
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { ListWatchInformer } from '../../apimachinery/controller/index.js';

export function podInformer(kc: KubeConfig, log: Logger, nodeName?: string): ListWatchInformer<V1Pod> {
  const core = kc.makeApiClient(CoreV1Api);
  const fieldSelector = nodeName ? `spec.nodeName=${nodeName}` : undefined;
  return new ListWatchInformer<V1Pod>(kc, {
    path: '/api/v1/pods',
    list: () => core.listPodForAllNamespaces({ fieldSelector }),
    typeName: 'V1Pod',
    fieldSelector,
  }, { logger: log });
}
