// Printers for Services, Endpoints, discovery.k8s.io EndpointSlices and the networking.k8s.io kinds.

import { formatLabelSelector, formatLabels, type LabelSelector } from '../../apimachinery/labels.js';
import { age, ageColumn, column, joinHostPort, listWithMore, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface ServiceShape {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: { port?: number; nodePort?: number; protocol?: string }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** Load-balancer ingress IPs (or hostnames), de-duplicated and sorted, joined by "," (never clipped: the server prints wide). */
function loadBalancerIngress(svc: ServiceShape): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: ServiceShape): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: "80/TCP", "80:30080/TCP", joined by ",". */
export function servicePorts(svc: ServiceShape): string {
  const s = (svc.spec?.ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
  return s || '<none>';
}

function printService(obj: object, ctx: PrintContext): PrintedRow {
  const svc = obj as ServiceShape;
  const clusterIP = svc.spec?.clusterIPs?.[0] ?? (svc.spec?.clusterIP || '<none>');
  return {
    cells: [
      nameOf(obj),
      svc.spec?.type ?? 'ClusterIP',
      clusterIP,
      serviceExternalIP(svc),
      servicePorts(svc),
      age(obj, ctx),
      formatLabels(svc.spec?.selector),
    ],
  };
}

interface EndpointsShape {
  subsets?: { addresses?: { ip?: string }[]; ports?: { port?: number }[] }[];
}

/** formatEndpoints: up to three ip:port pairs, then "+ N more...", "<none>" without subsets. */
export function formatEndpoints(ep: EndpointsShape): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let total = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports.
      total += addrs.length;
      for (const a of addrs) if (list.length < max) list.push(a.ip ?? '');
      continue;
    }
    for (const p of ports) {
      total += addrs.length;
      for (const a of addrs) if (list.length < max) list.push(joinHostPort(a.ip ?? '', p.port ?? 0));
    }
  }
  const s = list.join(',');
  return total > max ? `${s} + ${total - max} more...` : s;
}

function printEndpoints(obj: object, ctx: PrintContext): PrintedRow {
  return { cells: [nameOf(obj), formatEndpoints(obj as EndpointsShape), age(obj, ctx)] };
}

interface EndpointSliceShape {
  addressType?: string;
  ports?: { port?: number | null; name?: string | null }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

function printEndpointSlice(obj: object, ctx: PrintContext): PrintedRow {
  const es = obj as EndpointSliceShape;
  const ports = (es.ports ?? []).map((p) => (p.port != null ? String(p.port) : p.name != null ? p.name : '*'));
  const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return { cells: [nameOf(obj), es.addressType ?? '', listWithMore(ports), listWithMore(addrs), age(obj, ctx)] };
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'How the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'The IP address of the service, usually assigned randomly; "None" for a headless service.'),
    column('External-IP', 'IP addresses (load-balancer ingress or spec.externalIPs) on which nodes also accept traffic for this service.'),
    column('Port(s)', 'The list of ports exposed by this service, port[:nodePort]/protocol.'),
    ageColumn,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  print: printService,
};

export const endpointsPrinter: Printer = {
  columns: [
    nameColumn,
    column('Endpoints', 'The set of all endpoints (ip:port) of the service.'),
    ageColumn,
  ],
  print: printEndpoints,
};

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn,
    column('AddressType', 'The type of address carried by this EndpointSlice: IPv4, IPv6 or FQDN.'),
    column('Ports', 'The network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'The addresses of the endpoints in this slice.'),
    ageColumn,
  ],
  print: printEndpointSlice,
};

interface IngressShape {
  spec?: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** formatHosts: up to three rule hosts, "+ N more..." counted over all rules, "*" without any. */
export function ingressHosts(rules: { host?: string }[] | undefined): string {
  const all = rules ?? [];
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${all.length - max} more...` : list.join(',');
}

function printIngress(obj: object, ctx: PrintContext): PrintedRow {
  const ing = obj as IngressShape;
  const address = [...new Set((ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a !== ''))].sort().join(',');
  const ports = (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
  return { cells: [nameOf(obj), ing.spec?.ingressClassName ?? '<none>', ingressHosts(ing.spec?.rules), address, ports, age(obj, ctx)] };
}

interface IngressClassShape {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

function printIngressClass(obj: object, ctx: PrintContext): PrintedRow {
  const spec = (obj as IngressClassShape).spec;
  const p = spec?.parameters;
  const parameters = p ? `${p.kind ?? ''}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
  return { cells: [nameOf(obj), spec?.controller ?? '', parameters, age(obj, ctx)] };
}

function printNetworkPolicy(obj: object, ctx: PrintContext): PrintedRow {
  const spec = (obj as { spec?: { podSelector?: LabelSelector } }).spec;
  return { cells: [nameOf(obj), formatLabelSelector(spec?.podSelector ?? {}), age(obj, ctx)] };
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  print: printIngress,
};

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  print: printIngressClass,
};

export const networkPolicyPrinter: Printer = {
  columns: [
    nameColumn,
    column('Pod-Selector', 'podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in this namespace.'),
    ageColumn,
  ],
  print: printNetworkPolicy,
};
