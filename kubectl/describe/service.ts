// `kubectl describe service` (ports, target ports, endpoints from the Endpoints object) and
// `kubectl describe node` (conditions, addresses, capacity, system info, pods and allocated resources).
import { formatLabels } from '../../apimachinery/labels.js';
import { addQuantity, canonicalQuantity, formatQuantity, milliValue, parseQuantity, tryParseQuantity, type Quantity } from '../../apimachinery/quantity.js';
import { timestampSince } from '../../apimachinery/duration.js';
import type { Session } from '../cli-runtime/session.js';
import { eventsFor, rfc1123z, str, writeAnnotations, writeEvents, writeLabels, type KObj, type Obj } from './common.js';
import { TabWriter } from './gotab.js';
import type { Pod } from './pod.js';

interface SvcPort { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }
type Service = KObj & { spec?: { type?: string; selector?: Record<string, string>; clusterIP?: string; clusterIPs?: string[]; ipFamilies?: string[]; ipFamilyPolicy?: string; ports?: SvcPort[]; sessionAffinity?: string; externalTrafficPolicy?: string; internalTrafficPolicy?: string; externalIPs?: string[]; loadBalancerIP?: string }; status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } };
interface Slice { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[]; ports?: { name?: string; port?: number; protocol?: string }[] }

export async function describeService(s: Session, svc: Service, showEvents = true): Promise<string> {
  const w = new TabWriter();
  const spec = svc.spec ?? {};
  const ns = svc.metadata.namespace ?? s.namespace;
  const slices = await s.rest.json<{ items?: Slice[] }>(`/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices`, { query: { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` } });
  const endpoints = slices.items ?? [];
  w.write(`Name:\t${svc.metadata.name}\n`);
  w.write(`Namespace:\t${ns}\n`);
  writeLabels(w, 0, svc.metadata.labels);
  writeAnnotations(w, 0, svc.metadata.annotations);
  w.write(`Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(`Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(`IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  if (spec.ipFamilies?.length) w.write(`IP Families:\t${spec.ipFamilies.join(',')}\n`);
  w.write(`IP:\t${spec.clusterIP ?? ''}\n`);
  if (spec.clusterIPs?.length) w.write(`IPs:\t${spec.clusterIPs.join(',')}\n`);
  if (spec.externalIPs?.length) w.write(`External IPs:\t${spec.externalIPs.join(',')}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(`LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`);
  for (const p of spec.ports ?? []) {
    const proto = p.protocol ?? 'TCP';
    w.write(`Port:\t${p.name || '<unset>'}\t${p.port}/${proto}\n`);
    const tp = p.targetPort ?? p.port;
    w.write(`TargetPort:\t${typeof tp === 'number' ? `${tp}/${proto}` : `${tp}/${proto}`}\n`);
    if (p.nodePort) w.write(`NodePort:\t${p.name || '<unset>'}\t${p.nodePort}/${proto}\n`);
    w.write(`Endpoints:\t${formatEndpointsFor(endpoints, p.name ?? '')}\n`);
  }
  w.write(`Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(`External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(`Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (showEvents) writeEvents(w, await eventsFor(s, svc));
  return w.toString();
}

/** kubectl's formatEndpointSlices: ready endpoints of the named port, three at most. */
function formatEndpointsFor(slices: Slice[], portName: string): string {
  const out: string[] = [];
  let more = 0;
  for (const sl of slices) {
    for (const port of sl.ports ?? []) {
      if ((port.name ?? '') !== portName) continue;
      for (const e of sl.endpoints ?? []) {
        if (e.conditions?.ready === false || !e.addresses.length) continue;
        if (out.length < 3) out.push(`${e.addresses[0]}:${port.port ?? ''}`);
        else more++;
      }
    }
  }
  if (out.length === 0) return '<none>';
  return out.join(',') + (more ? ` + ${more} more...` : '');
}

type Node = KObj & { spec?: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] }; status?: { conditions?: { type: string; status: string; lastHeartbeatTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[]; addresses?: { type: string; address: string }[]; capacity?: Record<string, string>; allocatable?: Record<string, string>; nodeInfo?: Record<string, string> } };

const NODE_INFO: [string, string][] = [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']];

export async function describeNode(s: Session, node: Node, showEvents = true): Promise<string> {
  const w = new TabWriter();
  const md = node.metadata;
  const spec = node.spec ?? {};
  const st = node.status ?? {};
  const roles = Object.keys(md.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).filter((r) => r);
  w.write(`Name:\t${md.name}\n`);
  w.write(`Roles:\t${roles.length ? roles.sort().join(',') : '<none>'}\n`);
  writeLabels(w, 0, md.labels);
  writeAnnotations(w, 0, md.annotations);
  w.write(`CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
  const taints = spec.taints ?? [];
  if (taints.length === 0) w.write('Taints:\t<none>\n');
  else taints.forEach((t, i) => w.write(`${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(`Unschedulable:\t${spec.unschedulable ? 'true' : 'false'}\n`);
  const lease = await s.rest.request(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(md.name)}`);
  if (lease.status === 200) {
    const l = (JSON.parse(lease.text) as { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } }).spec ?? {};
    w.write(`Lease:\n  HolderIdentity:\t${l.holderIdentity ?? '<unset>'}\n  AcquireTime:\t${l.acquireTime ? rfc1123z(l.acquireTime) : '<unset>'}\n  RenewTime:\t${l.renewTime ? rfc1123z(l.renewTime) : '<unset>'}\n`);
  } else w.write(`Lease:\tFailed to get lease: leases.coordination.k8s.io "${md.name}" not found\n`);
  if (st.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.line(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) w.line(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write('Addresses:\n');
  for (const a of st.addresses ?? []) w.line(1, `${a.type}:\t${a.address}\n`);
  for (const [title, m] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!m || Object.keys(m).length === 0) continue;
    w.write(`${title}:\n`);
    for (const k of Object.keys(m).sort()) w.line(1, `${k}:\t${canonical(m[k])}\n`);
  }
  w.write('System Info:\n');
  for (const [title, key] of NODE_INFO) w.line(1, `${title}:\t${str(st.nodeInfo?.[key])}\n`);
  if (spec.podCIDR) w.write(`PodCIDR:\t${spec.podCIDR}\nPodCIDRs:\t${(spec.podCIDRs ?? [spec.podCIDR]).join(',')}\n`);
  if (spec.providerID) w.write(`ProviderID:\t${spec.providerID}\n`);
  const pods = await s.rest.json<{ items?: Pod[] }>('/api/v1/pods', { query: { fieldSelector: `spec.nodeName=${md.name},status.phase!=Failed,status.phase!=Succeeded` } });
  writeNodePods(w, pods.items ?? [], st.allocatable ?? {});
  if (showEvents) writeEvents(w, await eventsFor(s, { ...node, metadata: { ...md, namespace: undefined } }, 'Node'));
  return w.toString();
}

/** The pods' total request or limit of one resource, as a Quantity (kept in its own format, e.g. 64Mi). */
function sum(pods: Pod[], kind: 'requests' | 'limits', res: string): Quantity {
  let total: Quantity | undefined;
  for (const p of pods) for (const c of p.spec?.containers ?? []) {
    const v = c.resources?.[kind]?.[res];
    const q = v === undefined ? undefined : tryParseQuantity(v);
    if (q) total = total ? addQuantity(total, q) : q;
  }
  return total ?? parseQuantity('0');
}

/** Go's int64(float64 percentage): NaN and ±Inf (zero allocatable) become math.MinInt64 on amd64. */
function pct(used: number, of: number): string {
  const v = (used / of) * 100;
  return Number.isFinite(v) ? String(Math.trunc(v)) : '-9223372036854775808';
}

function writeNodePods(w: TabWriter, pods: Pod[], alloc: Record<string, string>): void {
  const cap = (r: string): number => (alloc[r] ? milliValue(parseQuantity(alloc[r])) : 0);
  w.write(`Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.line(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.line(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const now = new Date();
  for (const p of pods) {
    const cell = (kind: 'requests' | 'limits', r: string): string => `${formatQuantity(sum([p], kind, r))} (${pct(milliValue(sum([p], kind, r)), cap(r))}%)`;
    w.line(1, `${p.metadata.namespace ?? ''}\t${p.metadata.name}\t\t${cell('requests', 'cpu')}\t${cell('limits', 'cpu')}\t${cell('requests', 'memory')}\t${cell('limits', 'memory')}\t${timestampSince(p.metadata.creationTimestamp, now)}\n`);
  }
  w.write('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.line(1, 'Resource\tRequests\tLimits\n');
  w.line(1, '--------\t--------\t------\n');
  const extra = Object.keys(alloc).filter((r) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(r)).sort();
  for (const r of ['cpu', 'memory', 'ephemeral-storage', ...extra]) {
    const req = sum(pods, 'requests', r);
    const lim = sum(pods, 'limits', r);
    const pc = (v: Quantity): string => (cap(r) === 0 ? '0' : String(Math.trunc((milliValue(v) / cap(r)) * 100)));
    w.line(1, `${r}\t${formatQuantity(req)} (${pc(req)}%)\t${formatQuantity(lim)} (${pc(lim)}%)\n`);
  }
}

function canonical(q: string): string {
  try {
    return canonicalQuantity(q);
  } catch {
    return q;
  }
}
