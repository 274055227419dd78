// What the built-in service load balancer (like k3s ServiceLB) writes: a LoadBalancer Service's
// ingress is the IPs of the cluster's nodes, where kube-proxy answers on the service port.
import type { V1LoadBalancerIngress, V1Node, V1Service } from '@kubernetes/client-node';

function isReady(n: V1Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A node's address for ingress: its ExternalIP if it has one, else its InternalIP (IPv4 only). */
function nodeIP(n: V1Node): string | undefined {
  const addrs = n.status?.addresses ?? [];
  const v4 = (t: string): string | undefined => addrs.find((a) => a.type === t && /^\d+\.\d+\.\d+\.\d+$/.test(a.address))?.address;
  return v4('ExternalIP') ?? v4('InternalIP');
}

/** Ingress IPs from the Ready nodes (all nodes when none is Ready yet), sorted, no duplicates. */
export function nodeIngressIPs(nodes: V1Node[]): string[] {
  const ready = nodes.filter(isReady);
  const use = ready.length > 0 ? ready : nodes;
  const ips = new Set<string>();
  for (const n of use) {
    if (n.spec?.unschedulable && ready.length > 1) continue;
    const ip = nodeIP(n);
    if (ip) ips.add(ip);
  }
  return [...ips].sort();
}

/** Whether this Service is ours to balance: type LoadBalancer with no other loadBalancerClass. */
export function isOurs(svc: V1Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass;
}

/**
 * The status.loadBalancer.ingress the Service should have, or undefined when it should be left as
 * is (another implementation's class). Non-LoadBalancer Services get no ingress.
 */
export function desiredIngress(svc: V1Service, nodes: V1Node[]): V1LoadBalancerIngress[] | undefined {
  if (svc.spec?.type === 'LoadBalancer' && svc.spec.loadBalancerClass) return undefined;
  if (!isOurs(svc)) return [];
  return nodeIngressIPs(nodes).map((ip) => ({ ip, ipMode: 'VIP' }));
}

export function sameIngress(a: V1LoadBalancerIngress[] | undefined, b: V1LoadBalancerIngress[] | undefined): boolean {
  const key = (l: V1LoadBalancerIngress[] | undefined): string => JSON.stringify((l ?? []).map((i) => i.ip ?? i.hostname ?? '').sort());
  return key(a) === key(b);
}
