// One node as the scheduler sees it: the Node object plus the pods on it (bound and assumed) and the
// running totals the filters need. Cloned into snapshots; the cache bumps `generation` on change.
import type { V1Node } from '@kubernetes/client-node';
import { add, fromQuantities, PODS, subtract, type ResourceList } from './resources.js';
import type { HostPort, PodInfo } from './pod-info.js';

export class NodeInfo {
  node: V1Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: ResourceList = {};
  nonZeroRequested: ResourceList = {};
  allocatable: ResourceList = {};
  usedPorts: HostPort[] = [];
  generation = 0;

  constructor(
    readonly name: string,
    node?: V1Node,
  ) {
    if (node) this.setNode(node);
  }

  get labels(): Record<string, string> {
    return this.node?.metadata?.labels ?? {};
  }

  /** Pods the node may hold (status.allocatable.pods; 0 when unpublished, as in Kubernetes). */
  get allowedPodNumber(): number {
    return this.allocatable[PODS] ?? 0;
  }

  setNode(node: V1Node): void {
    this.node = node;
    const st = node.status;
    this.allocatable = fromQuantities((st?.allocatable ?? st?.capacity) as Record<string, string> | undefined);
  }

  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    add(this.requested, pi.requests);
    add(this.nonZeroRequested, pi.nonZeroRequests);
    this.usedPorts.push(...pi.hostPorts);
  }

  /** Removes the pod with this key; false when it was not here. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    this.podsWithAffinity = this.podsWithAffinity.filter((p) => p.key !== key);
    this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p.key !== key);
    subtract(this.requested, pi.requests);
    subtract(this.nonZeroRequested, pi.nonZeroRequests);
    for (const hp of pi.hostPorts) {
      const j = this.usedPorts.findIndex((u) => u.port === hp.port && u.ip === hp.ip && u.protocol === hp.protocol);
      if (j >= 0) this.usedPorts.splice(j, 1);
    }
    return true;
  }

  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.requested = { ...this.requested };
    c.nonZeroRequested = { ...this.nonZeroRequested };
    c.allocatable = { ...this.allocatable };
    c.usedPorts = [...this.usedPorts];
    c.generation = this.generation;
    return c;
  }
}
