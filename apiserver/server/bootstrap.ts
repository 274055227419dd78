// What exists in every cluster from the first start: the system namespaces and the
// `default/kubernetes` Service (first address of the service range) with its Endpoints and
// EndpointSlice (kube-proxy reads slices: without it pods could not reach the API server).
import { ApiError } from '../../apimachinery/errors.js';
import type { Logger } from '../../apimachinery/log.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { Registry } from '../registry/rest.js';
import { createIfAbsent } from '../registry/create-if-absent.js';
import { findResource } from '../registry/resources.js';

export interface BootstrapOptions {
  kubernetesServiceIP: string;
  advertiseAddress: string;
  port: number;
}

async function ensure(reg: Registry, plural: string, group: string, ns: string | undefined, obj: Obj, log: Logger): Promise<void> {
  const info = findResource(group, 'v1', plural)!;
  const name = String((obj.metadata as Obj).name);
  try {
    await reg.get(info, ns, name);
    return;
  } catch (e) {
    if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
  }
  if (await createIfAbsent(reg, info, ns, obj, 'kube-apiserver')) log.info({ resource: plural, name }, 'bootstrap object created');
}

/** The namespaces every cluster has; also re-created while the server runs (apiserver/controlplane). */
export const systemNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(reg: Registry, log: Logger): Promise<void> {
  for (const name of systemNamespaces) {
    await ensure(reg, 'namespaces', '', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, log);
  }
}

export async function bootstrap(reg: Registry, opts: BootstrapOptions, log: Logger): Promise<void> {
  await ensureSystemNamespaces(reg, log);
  await ensure(
    reg,
    'services',
    '',
    'default',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: opts.kubernetesServiceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.port }], sessionAffinity: 'None' },
    },
    log,
  );
  const epInfo = findResource('', 'v1', 'endpoints')!;
  const subsets = [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] }];
  await reg.update(epInfo, 'default', 'kubernetes', () => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets,
  }), { allowCreate: true, fieldManager: 'kube-apiserver' });
  const sliceInfo = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
  await reg.update(sliceInfo, 'default', 'kubernetes', () => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }],
  }), { allowCreate: true, fieldManager: 'kube-apiserver' });
}
