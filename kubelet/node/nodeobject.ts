// The Node this kubelet registers and the status it reports, computed from host facts (pure, so
// tests can check every field). Conditions keep their lastTransitionTime while unchanged.
import type { V1Node, V1NodeCondition, V1NodeStatus, V1Taint } from '@kubernetes/client-node';
import { canonicalJson, wholeSeconds } from '../api/index.js';
import { nodeResources, EVICTION_DISK_FRACTION, EVICTION_MEMORY_BYTES, type HostFacts } from './capacity.js';

export const KUBELET_VERSION = 'v1.32.4-k8ts';

export interface NodeParams {
  nodeName: string;
  nodeIP: string;
  hostname: string;
  labels: Record<string, string>;
  /** --register-with-taints */
  taints: V1Taint[];
  podCIDR?: string;
  maxPods: number;
  capacityOverrides: Record<string, string>;
  kubeletPort: number;
  /** e.g. "runc://1.1.5" or "fake://0.1.0" */
  runtimeVersion: string;
}

export interface NodeHealth {
  /** Empty when the runtime is up; else why the node is not ready. */
  runtimeProblem?: string;
}

/** The Node object to create at registration. */
export function initialNode(p: NodeParams, h: HostFacts): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: p.nodeName,
      labels: {
        'kubernetes.io/hostname': p.hostname,
        'kubernetes.io/os': h.operatingSystem,
        'kubernetes.io/arch': h.architecture,
        'beta.kubernetes.io/os': h.operatingSystem,
        'beta.kubernetes.io/arch': h.architecture,
        ...p.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      ...(p.podCIDR ? { podCIDR: p.podCIDR, podCIDRs: [p.podCIDR] } : {}),
      ...(p.taints.length ? { taints: p.taints.map((t) => ({ ...t })) } : {}),
    },
  };
}

type CondSpec = { type: string; ok: boolean; okReason: string; okMessage: string; badReason: string; badMessage: string };

function conditions(h: HostFacts, health: NodeHealth, prev: V1NodeCondition[] | undefined, now: number): V1NodeCondition[] {
  const memPressure = h.freeMemoryBytes > 0 && h.freeMemoryBytes < EVICTION_MEMORY_BYTES;
  const diskPressure = h.diskBytes > 0 && h.diskAvailableBytes < h.diskBytes * EVICTION_DISK_FRACTION;
  const specs: CondSpec[] = [
    // Pressure conditions: status "False" is the healthy state.
    { type: 'MemoryPressure', ok: !memPressure, okReason: 'KubeletHasSufficientMemory', okMessage: 'kubelet has sufficient memory available',
      badReason: 'KubeletHasInsufficientMemory', badMessage: 'kubelet has insufficient memory available' },
    { type: 'DiskPressure', ok: !diskPressure, okReason: 'KubeletHasNoDiskPressure', okMessage: 'kubelet has no disk pressure',
      badReason: 'KubeletHasDiskPressure', badMessage: 'kubelet has disk pressure' },
    { type: 'PIDPressure', ok: true, okReason: 'KubeletHasSufficientPID', okMessage: 'kubelet has sufficient PID available',
      badReason: 'KubeletHasInsufficientPID', badMessage: 'kubelet has insufficient PID available' },
    { type: 'Ready', ok: !health.runtimeProblem, okReason: 'KubeletReady', okMessage: 'kubelet is posting ready status',
      badReason: 'KubeletNotReady', badMessage: health.runtimeProblem ?? '' },
  ];
  const t = wholeSeconds(now);
  return specs.map((s) => {
    const status = s.type === 'Ready' ? (s.ok ? 'True' : 'False') : (s.ok ? 'False' : 'True');
    const old = prev?.find((c) => c.type === s.type);
    return {
      type: s.type,
      status,
      reason: s.ok ? s.okReason : s.badReason,
      message: s.ok ? s.okMessage : s.badMessage,
      lastHeartbeatTime: t,
      lastTransitionTime: old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : t,
    };
  });
}

/** The full status to post; `prev` is the status last seen on the API (for transition times). */
export function nodeStatus(p: NodeParams, h: HostFacts, health: NodeHealth, prev: V1NodeStatus | undefined, now: number): V1NodeStatus {
  const { capacity, allocatable } = nodeResources(h, p.maxPods, p.capacityOverrides);
  return {
    capacity,
    allocatable,
    conditions: conditions(h, health, prev?.conditions, now),
    addresses: [{ type: 'InternalIP', address: p.nodeIP }, { type: 'Hostname', address: p.hostname }],
    daemonEndpoints: { kubeletEndpoint: { Port: p.kubeletPort } },
    nodeInfo: {
      machineID: h.machineID,
      systemUUID: h.machineID,
      bootID: h.bootID,
      kernelVersion: h.kernelVersion,
      osImage: h.osImage,
      containerRuntimeVersion: p.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: h.operatingSystem,
      architecture: h.architecture,
    },
    ...(prev?.images ? { images: prev.images } : {}),
  };
}

/** Whether two statuses differ in anything but heartbeat times (posting is then due). */
export function statusChanged(a: V1NodeStatus | undefined, b: V1NodeStatus): boolean {
  if (!a) return true;
  const strip = (s: V1NodeStatus): string => canonicalJson({
    ...s,
    images: undefined,
    conditions: (s.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
  });
  return strip(a) !== strip(b);
}
