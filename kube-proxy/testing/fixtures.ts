// Test fixtures: compact builders for Services and EndpointSlices as the API returns them.
import type { V1EndpointSlice, V1Service, V1ServicePort } from '@kubernetes/client-node';

export interface SvcOpts {
  ns?: string;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  ports?: V1ServicePort[];
  externalIPs?: string[];
  lbIngress?: string[];
  affinitySeconds?: number;
  externalName?: string;
  publishNotReady?: boolean;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  healthCheckNodePort?: number;
}

export function service(name: string, o: SvcOpts = {}): V1Service {
  const ip = o.clusterIP ?? '10.96.0.10';
  const svc: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: o.ns ?? 'default' },
    spec: {
      type: o.type ?? 'ClusterIP',
      clusterIP: ip,
      clusterIPs: ip === 'None' || o.type === 'ExternalName' ? undefined : [ip],
      ports: o.ports ?? [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
  };
  if (ip === 'None') svc.spec!.clusterIPs = ['None'];
  if (o.externalIPs) svc.spec!.externalIPs = o.externalIPs;
  if (o.externalName) svc.spec!.externalName = o.externalName;
  if (o.publishNotReady) svc.spec!.publishNotReadyAddresses = true;
  if (o.externalTrafficPolicy) svc.spec!.externalTrafficPolicy = o.externalTrafficPolicy;
  if (o.internalTrafficPolicy) svc.spec!.internalTrafficPolicy = o.internalTrafficPolicy;
  if (o.healthCheckNodePort) svc.spec!.healthCheckNodePort = o.healthCheckNodePort;
  if (o.affinitySeconds !== undefined) {
    svc.spec!.sessionAffinity = 'ClientIP';
    svc.spec!.sessionAffinityConfig = { clientIP: { timeoutSeconds: o.affinitySeconds } };
  }
  if (o.lbIngress) svc.status = { loadBalancer: { ingress: o.lbIngress.map((i) => ({ ip: i })) } };
  return svc;
}

export interface EpOpts {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  hostname?: string;
  nodeName?: string;
}

export function endpoint(ip: string, o: EpOpts = {}): NonNullable<V1EndpointSlice['endpoints']>[number] {
  const e: NonNullable<V1EndpointSlice['endpoints']>[number] = {
    addresses: [ip],
    conditions: { ready: o.ready ?? true, serving: o.serving ?? o.ready ?? true, terminating: o.terminating ?? false },
  };
  if (o.hostname) e.hostname = o.hostname;
  if (o.nodeName) e.nodeName = o.nodeName;
  return e;
}

export function slice(
  svc: string,
  endpoints: V1EndpointSlice['endpoints'],
  ports: Array<{ name?: string; port: number; protocol?: string }> = [{ name: 'http', port: 8080 }],
  o: { ns?: string; name?: string } = {},
): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: o.name ?? `${svc}-abc`, namespace: o.ns ?? 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: endpoints ?? [],
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}
