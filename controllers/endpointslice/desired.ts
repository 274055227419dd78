// The discovery.k8s.io/v1 EndpointSlices a Service should have: endpoints grouped by the port set
// they serve, at most maxEndpointsPerSlice per slice, with ready/serving/terminating conditions
// (terminating pods stay listed, not ready), nodeName and targetRef.
import type { DiscoveryV1EndpointPort, V1Endpoint, V1Pod, V1Service } from '@kubernetes/client-node';
import { findPort, isHeadless, isPodReady, isPodTerminating, podInEndpoints } from '../util/index.js';

export const ServiceNameLabel = 'kubernetes.io/service-name';
export const ManagedByLabel = 'endpointslice.kubernetes.io/managed-by';
export const ManagedBy = 'endpointslice-controller.k8s.io';
export const MaxEndpointsPerSlice = 100;

export interface DesiredSlice {
  ports: DiscoveryV1EndpointPort[];
  endpoints: V1Endpoint[];
}

export function endpointFor(pod: V1Pod, svc: V1Service): V1Endpoint {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const terminating = isPodTerminating(pod);
  const serving = publishNotReady || isPodReady(pod);
  const ep: V1Endpoint = {
    addresses: [pod.status!.podIP!],
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name) ep.hostname = pod.spec.hostname;
  return ep;
}

function slicePorts(pod: V1Pod, svc: V1Service): DiscoveryV1EndpointPort[] {
  const out: DiscoveryV1EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: DiscoveryV1EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0));
}

export function desiredSlices(svc: V1Service, pods: V1Pod[], max = MaxEndpointsPerSlice): DesiredSlice[] {
  const headlessNoPorts = isHeadless(svc) && (svc.spec?.ports ?? []).length === 0;
  const groups = new Map<string, DesiredSlice>();
  for (const pod of pods) {
    if (!podInEndpoints(pod, true)) continue;
    const ports = slicePorts(pod, svc);
    if (ports.length === 0 && !headlessNoPorts) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(endpointFor(pod, svc));
  }
  const out: DesiredSlice[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    g.endpoints.sort((a, b) => a.addresses[0]!.localeCompare(b.addresses[0]!) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? ''));
    for (let i = 0; i < g.endpoints.length; i += max) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + max) });
  }
  return out;
}
