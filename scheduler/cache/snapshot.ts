// A point-in-time view of every node for one scheduling cycle. Plugins read it; nobody mutates the
// NodeInfos inside (preemption works on clones via `withNode`).
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { NodeInfo } from './node-info.js';
import { newPodInfo } from './pod-info.js';

export class Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  list: NodeInfo[] = [];
  havePodsWithAffinity: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinity: NodeInfo[] = [];
  generation = 0;
  /** Position of each listed node in `list`. */
  private readonly index = new Map<string, number>();

  get(name: string): NodeInfo | undefined {
    const ni = this.nodeInfoMap.get(name);
    return ni?.node ? ni : undefined;
  }

  /** Recomputes the lists after `nodeInfoMap` changed; nodes keep a stable (name) order. */
  rebuildLists(): void {
    const all = [...this.nodeInfoMap.values()].filter((n) => n.node);
    all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.list = all;
    this.index.clear();
    all.forEach((n, i) => this.index.set(n.name, i));
    this.rebuildAffinityLists();
  }

  private rebuildAffinityLists(): void {
    this.havePodsWithAffinity = this.list.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinity = this.list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }

  /**
   * Puts updated NodeInfos (of nodes already listed, still with a Node) in place without re-sorting:
   * O(changed) instead of O(n log n) per cycle. Returns false when that isn't possible (a node was
   * added, removed or lost/gained its Node object) and the caller must rebuildLists().
   */
  replaceInPlace(updated: readonly NodeInfo[]): boolean {
    let affinity = false;
    for (const ni of updated) {
      const i = this.index.get(ni.name);
      if (i === undefined || !ni.node) return false;
      const old = this.list[i]!;
      if (old.podsWithAffinity.length + old.podsWithRequiredAntiAffinity.length + ni.podsWithAffinity.length + ni.podsWithRequiredAntiAffinity.length > 0) affinity = true;
      this.list[i] = ni;
      this.nodeInfoMap.set(ni.name, ni);
    }
    if (affinity) this.rebuildAffinityLists();
    return true;
  }

  /** A copy in which `ni` replaces the node of the same name (used for what-if evaluation). */
  withNode(ni: NodeInfo): Snapshot {
    const s = new Snapshot();
    for (const [k, v] of this.nodeInfoMap) s.nodeInfoMap.set(k, k === ni.name ? ni : v);
    s.nodeInfoMap.set(ni.name, ni);
    s.generation = this.generation;
    s.rebuildLists();
    return s;
  }

  /** Builds a snapshot straight from objects (tests, tools). Pods are placed by spec.nodeName. */
  static from(nodes: V1Node[], pods: V1Pod[] = []): Snapshot {
    const s = new Snapshot();
    for (const n of nodes) s.nodeInfoMap.set(n.metadata!.name!, new NodeInfo(n.metadata!.name!, n));
    for (const p of pods) {
      const name = p.spec?.nodeName;
      if (!name) continue;
      let ni = s.nodeInfoMap.get(name);
      if (!ni) s.nodeInfoMap.set(name, (ni = new NodeInfo(name)));
      ni.addPod(newPodInfo(p));
    }
    s.rebuildLists();
    return s;
  }
}
