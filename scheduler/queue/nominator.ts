// Pods nominated to nodes by preemption (status.nominatedNodeName), so the scheduler can keep the
// room it made for them when filtering lower-priority pods.
import type { V1Pod } from '@kubernetes/client-node';
import { podKey } from '../cache/pod-info.js';
import type { Nominator } from '../framework/types.js';

export class PodNominator implements Nominator {
  private readonly byNode = new Map<string, Map<string, V1Pod>>();
  private readonly nodeOf = new Map<string, string>();

  /** Records (or moves) the nomination of `pod`; nodeName "" or undefined removes it. */
  set(pod: V1Pod, nodeName: string | undefined): void {
    const key = podKey(pod);
    this.delete(pod);
    if (!nodeName) return;
    let m = this.byNode.get(nodeName);
    if (!m) this.byNode.set(nodeName, (m = new Map()));
    m.set(key, pod);
    this.nodeOf.set(key, nodeName);
  }

  delete(pod: V1Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const m = this.byNode.get(node);
    m?.delete(key);
    if (m && m.size === 0) this.byNode.delete(node);
  }

  nominatedNodeOf(pod: V1Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly V1Pod[] {
    return [...(this.byNode.get(nodeName)?.values() ?? [])];
  }
}
