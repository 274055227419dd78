// A pod with the figures the scheduler needs precomputed once (requests, host ports, affinity flags).
import type { V1Pod } from '@kubernetes/client-node';
import { podRequests, type ResourceList } from './resources.js';

export interface HostPort {
  protocol: string;
  ip: string;
  port: number;
}

export interface PodInfo {
  readonly pod: V1Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly requests: ResourceList;
  /** Requests with the scoring defaults for unset cpu/memory. */
  readonly nonZeroRequests: ResourceList;
  readonly hostPorts: readonly HostPort[];
  /** Has any pod affinity or anti-affinity (required or preferred). */
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;
  readonly priority: number;
}

export function podKey(pod: { metadata?: { namespace?: string; name?: string } }): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function podPriority(pod: V1Pod): number {
  return pod.spec?.priority ?? 0;
}

export function hostPortsOf(pod: V1Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort });
    }
  }
  return out;
}

export function newPodInfo(pod: V1Pod): PodInfo {
  const aff = pod.spec?.affinity;
  const pa = aff?.podAffinity;
  const paa = aff?.podAntiAffinity;
  const hasAffinity =
    (pa?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (pa?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (paa?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (paa?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
  return {
    pod,
    key: podKey(pod),
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, { nonZero: true }),
    hostPorts: hostPortsOf(pod),
    hasAffinity,
    hasRequiredAntiAffinity: (paa?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0,
    priority: podPriority(pod),
  };
}

/** Two host ports clash: same protocol and port, and the same IP or either is the wildcard. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}
