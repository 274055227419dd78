// Production clients: each resource's ResourceClient mapped onto client-node's typed APIs
// (CoreV1Api, AppsV1Api, DiscoveryV1Api, CoordinationV1Api). Methods are looked up by their
// generated names (read<X>, create<X>, replace<X>, replace<X>Status, patch<X>, delete<X>) once,
// at construction, so a missing one fails at start-up rather than mid-reconcile.
import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
  type V1Namespace,
} from '@kubernetes/client-node';
import { keepAliveApiClient } from '../../apimachinery/keepalive.js';
import type { Clients, DeleteOptions, NamespaceClient, ResourceClient } from './clients.js';

type Call = (param: Record<string, unknown>, options?: unknown) => Promise<unknown>;

function method(api: object, name: string): Call {
  const f = (api as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`client-node has no ${name}`);
  return (f as Call).bind(api);
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function deleteBody(opts: DeleteOptions | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts?.uid || opts?.resourceVersion) body.preconditions = { uid: opts.uid, resourceVersion: opts.resourceVersion };
  if (opts?.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts?.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  return body;
}

/** A ResourceClient over `<verb><suffix>` methods, e.g. suffix `NamespacedPod` or `Node`. */
export function typedClient<T extends KubernetesObject>(api: object, suffix: string, namespaced: boolean, hasStatus: boolean): ResourceClient<T> {
  const read = method(api, `read${suffix}`);
  const kind = suffix.replace(/^Namespaced/, '');
  const listIn = namespaced ? method(api, `list${suffix}`) : method(api, `list${kind}`);
  const listAll = namespaced ? method(api, `list${kind}ForAllNamespaces`) : listIn;
  const create = method(api, `create${suffix}`);
  const replace = method(api, `replace${suffix}`);
  const replaceStatus = hasStatus ? method(api, `replace${suffix}Status`) : replace;
  const patch = method(api, `patch${suffix}`);
  const del = method(api, `delete${suffix}`);
  const where = (ns: string | undefined, name: string): Record<string, unknown> => (namespaced ? { name, namespace: ns } : { name });
  const of = (o: T): Record<string, unknown> => where(o.metadata?.namespace, o.metadata?.name ?? '');
  return {
    get: async (ns, name) => (await read(where(ns, name))) as T,
    list: async (ns) => {
      const l = (await (namespaced && ns ? listIn({ namespace: ns }) : listAll({}))) as { items?: T[] };
      return l.items ?? [];
    },
    create: async (o) => (await create(namespaced ? { namespace: o.metadata?.namespace, body: o } : { body: o })) as T,
    update: async (o) => (await replace({ ...of(o), body: o })) as T,
    updateStatus: async (o) => (await replaceStatus({ ...of(o), body: o })) as T,
    patch: async (ns, name, p) => (await patch({ ...where(ns, name), body: p }, mergePatch)) as T,
    delete: async (ns, name, opts) => {
      await del({ ...where(ns, name), propagationPolicy: opts?.propagationPolicy, body: deleteBody(opts) });
    },
  };
}

export function clientNodeClients(kc: KubeConfig): Clients {
  // Keep-alive agents: client-node opens a new connection per request otherwise.
  const core = keepAliveApiClient(kc, CoreV1Api);
  const apps = keepAliveApiClient(kc, AppsV1Api);
  const discovery = keepAliveApiClient(kc, DiscoveryV1Api);
  const coordination = keepAliveApiClient(kc, CoordinationV1Api);
  const namespaces = typedClient<V1Namespace>(core, 'Namespace', false, true);
  const finalize = method(core, 'replaceNamespaceFinalize');
  const nsClient: NamespaceClient = {
    ...namespaces,
    finalize: async (ns) => (await finalize({ name: ns.metadata?.name, body: ns })) as V1Namespace,
  };
  return {
    pods: typedClient(core, 'NamespacedPod', true, true),
    services: typedClient(core, 'NamespacedService', true, true),
    endpoints: typedClient(core, 'NamespacedEndpoints', true, false),
    namespaces: nsClient,
    nodes: typedClient(core, 'Node', false, true),
    serviceaccounts: typedClient(core, 'NamespacedServiceAccount', true, false),
    configmaps: typedClient(core, 'NamespacedConfigMap', true, false),
    secrets: typedClient(core, 'NamespacedSecret', true, false),
    events: typedClient(core, 'NamespacedEvent', true, false),
    replicasets: typedClient(apps, 'NamespacedReplicaSet', true, true),
    deployments: typedClient(apps, 'NamespacedDeployment', true, true),
    endpointslices: typedClient(discovery, 'NamespacedEndpointSlice', true, false),
    leases: typedClient(coordination, 'NamespacedLease', true, false),
  };
}
