// The proxy's view of the cluster, built purely from Services + EndpointSlices: one ServicePort per
// (service, port) with its virtual IPs and the endpoints kube-proxy would use. No I/O here.
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

export interface ServicePort {
  namespace: string;
  name: string;
  /** The Service port's name ('' for an unnamed single port). */
  portName: string;
  protocol: Protocol;
  port: number;
  clusterIPs: string[];
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  /** ClientIP session affinity timeout, when affinity is on. */
  affinityTimeoutSeconds?: number;
  /** externalTrafficPolicy: Local on a Service reachable from outside (NodePort, LB, externalIPs). */
  externalPolicyLocal: boolean;
  /** internalTrafficPolicy: Local: ClusterIP traffic only to endpoints on this node. */
  internalPolicyLocal: boolean;
  /** spec.healthCheckNodePort (LoadBalancer + externalTrafficPolicy Local), served by kube-proxy. */
  healthCheckNodePort?: number;
  /** Every endpoint the slices list for this port (deduplicated, sorted); see usableEndpoints. */
  endpoints: ProxyEndpoint[];
}

/** `ns/name:port/proto`, stable and unique per service port (kube-proxy's ServicePortName). */
export function servicePortName(sp: Pick<ServicePort, 'namespace' | 'name' | 'portName' | 'protocol'>): string {
  return `${sp.namespace}/${sp.name}/${sp.protocol.toLowerCase()}/${sp.portName}`;
}

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
export function isIPv4(s: string | undefined): s is string {
  const m = s ? ipv4.exec(s) : null;
  return !!m && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * The endpoints traffic goes to: the ready ones; when none is ready, the ones still serving while
 * terminating (as kube-proxy does, so connections drain during rolling updates). Empty → reject.
 */
export function usableEndpoints(eps: ProxyEndpoint[]): ProxyEndpoint[] {
  const ready = eps.filter((e) => e.ready);
  if (ready.length > 0) return ready;
  return eps.filter((e) => e.serving && e.terminating);
}

/** The usable endpoints on node `nodeName` (the same ready-else-terminating rule, among local ones). */
export function localEndpoints(eps: ProxyEndpoint[], nodeName: string | undefined): ProxyEndpoint[] {
  return usableEndpoints(eps.filter((e) => nodeName !== undefined && e.nodeName === nodeName));
}

/** The service name an EndpointSlice belongs to (label kubernetes.io/service-name). */
export function sliceServiceName(s: V1EndpointSlice): string | undefined {
  return s.metadata?.labels?.['kubernetes.io/service-name'];
}

/** Groups slices by `namespace/service`. */
export function slicesByService(slices: V1EndpointSlice[]): Map<string, V1EndpointSlice[]> {
  const out = new Map<string, V1EndpointSlice[]>();
  for (const s of slices) {
    const svc = sliceServiceName(s);
    if (!svc) continue;
    const key = `${s.metadata?.namespace ?? ''}/${svc}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

function protocolOf(p: string | undefined): Protocol | undefined {
  const v = p ?? 'TCP';
  return v === 'TCP' || v === 'UDP' || v === 'SCTP' ? v : undefined;
}

/** Endpoints for one service port, from the slices' ports with the same name and protocol. */
function endpointsFor(slices: V1EndpointSlice[], portName: string, protocol: Protocol): ProxyEndpoint[] {
  const byAddr = new Map<string, ProxyEndpoint>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    const p = (s.ports ?? []).find((sp) => (sp.name ?? '') === portName && (sp.protocol ?? 'TCP') === protocol);
    if (!p || p.port === undefined) continue;
    for (const e of s.endpoints ?? []) {
      const c = e.conditions ?? {};
      const ip = e.addresses?.[0];
      if (!isIPv4(ip)) continue;
      const ep: ProxyEndpoint = {
        ip,
        port: p.port,
        ready: c.ready !== false,
        serving: c.serving ?? c.ready !== false,
        terminating: c.terminating === true,
      };
      if (e.nodeName) ep.nodeName = e.nodeName;
      const key = `${ip}:${p.port}`;
      // The same address in two slices (during a move): prefer the ready copy.
      const prev = byAddr.get(key);
      if (!prev || (!prev.ready && ep.ready)) byAddr.set(key, ep);
    }
  }
  // Sorted by address then port (keys computed once: this runs for every endpoint at every sync).
  const keyed = [...byAddr.values()].map((ep) => ({ ep, k: ipNumber(ep.ip) * 65536 + ep.port }));
  keyed.sort((a, b) => a.k - b.k);
  return keyed.map((x) => x.ep);
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

/**
 * Every proxied service port: ClusterIP, NodePort and LoadBalancer Services with an IPv4 cluster
 * IP. Headless and ExternalName Services are not proxied (DNS answers for them). Sorted by name.
 */
export function buildServicePorts(services: V1Service[], slices: V1EndpointSlice[]): ServicePort[] {
  const bySvc = slicesByService(slices);
  const out: ServicePort[] = [];
  for (const svc of services) {
    const spec = svc.spec;
    const namespace = svc.metadata?.namespace ?? '';
    const name = svc.metadata?.name ?? '';
    if (!spec || spec.type === 'ExternalName') continue;
    const clusterIPs = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter(isIPv4);
    if (clusterIPs.length === 0) continue;
    const svcSlices = bySvc.get(`${namespace}/${name}`) ?? [];
    const lbIPs = spec.type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter(isIPv4) : [];
    const affinity = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : undefined;
    const externallyReachable = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.externalIPs ?? []).length > 0;
    const externalPolicyLocal = externallyReachable && spec.externalTrafficPolicy === 'Local';
    for (const p of spec.ports ?? []) {
      const protocol = protocolOf(p.protocol);
      if (!protocol) continue;
      const portName = p.name ?? '';
      const sp: ServicePort = {
        namespace,
        name,
        portName,
        protocol,
        port: p.port,
        clusterIPs,
        externalIPs: (spec.externalIPs ?? []).filter(isIPv4),
        loadBalancerIPs: lbIPs,
        externalPolicyLocal,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        endpoints: endpointsFor(svcSlices, portName, protocol),
      };
      if (externalPolicyLocal && spec.type === 'LoadBalancer' && spec.healthCheckNodePort) sp.healthCheckNodePort = spec.healthCheckNodePort;
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && p.nodePort) sp.nodePort = p.nodePort;
      if (affinity !== undefined) sp.affinityTimeoutSeconds = affinity;
      out.push(sp);
    }
  }
  const keyed = out.map((sp) => ({ sp, key: servicePortName(sp) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.sp);
}
