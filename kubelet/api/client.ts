// The kubelet's narrow view of the API (nodes, leases, pod status/delete, configmaps, secrets,
// service accounts and their tokens, events) and its implementation over @kubernetes/client-node.
// Tests can swap in a fake.
import { keepAliveApiClient } from '../../apimachinery/keepalive.js';
import {
  CoordinationV1Api, CoreV1Api, type AuthenticationV1TokenRequest, type CoreV1Event, type KubeConfig, type V1ConfigMap,
  type V1Lease, type V1Node, type V1NodeStatus, type V1Pod, type V1PodStatus, type V1Secret, type V1ServiceAccount,
} from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { httpCode, mergePatch } from './wire.js';

export interface KubeletApi {
  getNode(name: string): Promise<V1Node | undefined>;
  createNode(node: V1Node): Promise<V1Node>;
  /** Merge patch of the Node object (labels, taints, …). */
  patchNode(name: string, patch: object): Promise<V1Node>;
  /** Merge patch of Node.status with the whole status. */
  patchNodeStatus(name: string, status: V1NodeStatus): Promise<V1Node>;
  getLease(namespace: string, name: string): Promise<V1Lease | undefined>;
  createLease(lease: V1Lease): Promise<V1Lease>;
  replaceLease(lease: V1Lease): Promise<V1Lease>;
  /** Merge patch of Pod.status (with metadata.uid so a replaced pod is not written). */
  patchPodStatus(namespace: string, name: string, uid: string, status: V1PodStatus): Promise<V1Pod>;
  /** Deletes a pod with the given grace period and a uid precondition; NotFound is not an error. */
  deletePod(namespace: string, name: string, uid: string, gracePeriodSeconds: number): Promise<void>;
  getConfigMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<V1Secret | undefined>;
  getServiceAccount(namespace: string, name: string): Promise<V1ServiceAccount | undefined>;
  /** POST serviceaccounts/<name>/token (TokenRequest bound to a pod). */
  createServiceAccountToken(namespace: string, name: string, req: AuthenticationV1TokenRequest): Promise<AuthenticationV1TokenRequest>;
  createEvent(namespace: string, ev: CoreV1Event): Promise<CoreV1Event>;
  /** Merge patch of an event (count, lastTimestamp). */
  patchEvent(namespace: string, name: string, patch: object): Promise<CoreV1Event>;
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (httpCode(err) === 404) return undefined;
    throw err;
  }
}

export function clientNodeApi(kc: KubeConfig): KubeletApi {
  // Keep-alive: client-node's own clients open a new connection per request.
  const core = keepAliveApiClient(kc, CoreV1Api);
  const coord = keepAliveApiClient(kc, CoordinationV1Api);
  const ser = (v: unknown, type: string): object => ObjectSerializer.serialize(v, type, '') as object;
  return {
    getNode: (name) => orUndefined(core.readNode({ name })),
    createNode: (body) => core.createNode({ body }),
    patchNode: (name, body) => core.patchNode({ name, body }, mergePatch),
    patchNodeStatus: (name, status) => core.patchNodeStatus({ name, body: { status: ser(status, 'V1NodeStatus') } }, mergePatch),
    getLease: (namespace, name) => orUndefined(coord.readNamespacedLease({ namespace, name })),
    createLease: (body) => coord.createNamespacedLease({ namespace: body.metadata?.namespace ?? '', body }),
    replaceLease: (body) => coord.replaceNamespacedLease({ namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '', body }),
    patchPodStatus: (namespace, name, uid, status) =>
      core.patchNamespacedPodStatus({ namespace, name, body: { metadata: { uid }, status: ser(status, 'V1PodStatus') } }, mergePatch),
    deletePod: async (namespace, name, uid, gracePeriodSeconds) => {
      await orUndefined(core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds, body: { gracePeriodSeconds, preconditions: { uid } } }));
    },
    getConfigMap: (namespace, name) => orUndefined(core.readNamespacedConfigMap({ namespace, name })),
    getSecret: (namespace, name) => orUndefined(core.readNamespacedSecret({ namespace, name })),
    getServiceAccount: (namespace, name) => orUndefined(core.readNamespacedServiceAccount({ namespace, name })),
    createServiceAccountToken: (namespace, name, body) => core.createNamespacedServiceAccountToken({ namespace, name, body }),
    createEvent: (namespace, body) => core.createNamespacedEvent({ namespace, body }),
    patchEvent: (namespace, name, body) => core.patchNamespacedEvent({ namespace, name, body }, mergePatch),
  };
}
