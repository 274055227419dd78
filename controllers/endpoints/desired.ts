// The core/v1 Endpoints a Service should have: ready pods in `addresses`, the rest in
// `notReadyAddresses` (all ready with publishNotReadyAddresses), grouped into subsets by the port
// set each pod resolves to, sorted for stable output.
import type { V1EndpointAddress, CoreV1EndpointPort, V1EndpointSubset, V1Pod, V1Service } from '@kubernetes/client-node';
import { findPort, isHeadless, isPodReady, podInEndpoints } from '../util/index.js';

export function endpointAddress(pod: V1Pod, svc: V1Service): V1EndpointAddress {
  const a: V1EndpointAddress = {
    ip: pod.status!.podIP!,
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name) a.hostname = pod.spec.hostname;
  return a;
}

/** The endpoint ports this pod serves for the Service (ports it cannot resolve are left out). */
export function podPorts(pod: V1Pod, svc: V1Service): CoreV1EndpointPort[] {
  const out: CoreV1EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: CoreV1EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) p.name = sp.name;
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

const byIp = (a: V1EndpointAddress, b: V1EndpointAddress): number => a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');

export function desiredSubsets(svc: V1Service, pods: V1Pod[]): V1EndpointSubset[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const headlessNoPorts = isHeadless(svc) && (svc.spec?.ports ?? []).length === 0;
  const groups = new Map<string, { ports: CoreV1EndpointPort[]; ready: V1EndpointAddress[]; notReady: V1EndpointAddress[] }>();
  for (const pod of pods) {
    if (!podInEndpoints(pod, publishNotReady)) continue;
    const ports = podPorts(pod, svc);
    if (ports.length === 0 && !headlessNoPorts) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    const addr = endpointAddress(pod, svc);
    if (publishNotReady || isPodReady(pod)) g.ready.push(addr);
    else g.notReady.push(addr);
  }
  const subsets: V1EndpointSubset[] = [];
  for (const g of [...groups.values()].sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)))) {
    const s: V1EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIp);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}
