// The scheduler's cache: nodes and the pods on them, kept in step by the informers, plus *assumed*
// pods — counted on their node the moment the scheduler picks it, so binding can run in the
// background without double-booking. A failed bind forgets the assumption; an assumption whose
// binding finished but whose pod never showed up bound expires after a TTL.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { NodeInfo } from './node-info.js';
import { newPodInfo, podKey, type PodInfo } from './pod-info.js';
import { Snapshot } from './snapshot.js';

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
  deadline?: number;
}

export interface CacheOptions {
  now?: () => number;
  /** How long an assumed pod whose binding finished may wait for its informer event. */
  assumedPodTtlMs?: number;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private generation = 0;
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(opts: CacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.ttl = opts.assumedPodTtlMs ?? 30_000;
  }

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo(name)));
    return ni;
  }

  private touch(ni: NodeInfo): void {
    ni.generation = ++this.generation;
  }

  private dropIfEmpty(ni: NodeInfo): void {
    if (!ni.node && ni.pods.length === 0) {
      this.nodes.delete(ni.name);
      this.generation++;
    }
  }

  get nodeCount(): number {
    let n = 0;
    for (const ni of this.nodes.values()) if (ni.node) n++;
    return n;
  }

  addNode(node: V1Node): void {
    const ni = this.nodeInfo(node.metadata!.name!);
    ni.setNode(node);
    this.touch(ni);
  }

  updateNode(node: V1Node): void {
    this.addNode(node);
  }

  removeNode(node: V1Node): void {
    const ni = this.nodes.get(node.metadata!.name!);
    if (!ni) return;
    ni.node = undefined;
    this.touch(ni);
    this.dropIfEmpty(ni);
  }

  private place(pod: V1Pod, nodeName: string, assumed: boolean): PodState {
    const info = newPodInfo(pod);
    const ni = this.nodeInfo(nodeName);
    ni.addPod(info);
    this.touch(ni);
    const st: PodState = { info, nodeName, assumed, bindingFinished: false };
    this.pods.set(info.key, st);
    return st;
  }

  private unplace(st: PodState): void {
    const ni = this.nodes.get(st.nodeName);
    if (ni?.removePod(st.info.key)) {
      this.touch(ni);
      this.dropIfEmpty(ni);
    }
    this.pods.delete(st.info.key);
  }

  /** A bound pod seen by the informer; confirms an assumption for the same pod. */
  addPod(pod: V1Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const existing = this.pods.get(podKey(pod));
    if (existing) this.unplace(existing);
    this.place(pod, nodeName, false);
  }

  updatePod(pod: V1Pod): void {
    this.addPod(pod);
  }

  removePod(pod: V1Pod): void {
    const st = this.pods.get(podKey(pod));
    if (st) this.unplace(st);
  }

  /** Counts `pod` (with spec.nodeName set to the chosen node) before it is bound. */
  assumePod(pod: V1Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) throw new Error(`assumePod: ${podKey(pod)} has no spec.nodeName`);
    const key = podKey(pod);
    if (this.pods.has(key)) throw new Error(`assumePod: ${key} is already in the cache`);
    this.place(pod, nodeName, true);
  }

  /** The bind call returned; start the expiry clock of the assumption. */
  finishBinding(pod: V1Pod): void {
    const st = this.pods.get(podKey(pod));
    if (!st?.assumed) return;
    st.bindingFinished = true;
    st.deadline = this.now() + this.ttl;
  }

  /** Drops an assumption (failed bind or reserve). */
  forgetPod(pod: V1Pod): void {
    const st = this.pods.get(podKey(pod));
    if (st?.assumed) this.unplace(st);
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed ?? false;
  }

  /** The pod as the cache holds it, or undefined. */
  getPod(key: string): V1Pod | undefined {
    return this.pods.get(key)?.info.pod;
  }

  /** Removes expired assumptions; returns their keys. */
  cleanupExpired(): string[] {
    const now = this.now();
    const out: string[] = [];
    for (const st of [...this.pods.values()]) {
      if (st.assumed && st.bindingFinished && st.deadline !== undefined && st.deadline <= now) {
        this.unplace(st);
        out.push(st.info.key);
      }
    }
    return out;
  }

  /** Brings `snap` up to date, cloning only the nodes that changed since its last update. */
  updateSnapshot(snap: Snapshot): void {
    if (snap.generation === this.generation) return;
    const updated: NodeInfo[] = [];
    let added = false;
    for (const [name, ni] of this.nodes) {
      if (!snap.nodeInfoMap.has(name)) added = true;
      else if (ni.generation <= snap.generation) continue;
      updated.push(ni.clone());
    }
    snap.generation = this.generation;
    // The common case — a pod assumed, bound or deleted on existing nodes — patches the lists in place.
    // (With nothing added, the snapshot has a removed node exactly when it has more entries.)
    if (!added && snap.nodeInfoMap.size === this.nodes.size && snap.replaceInPlace(updated)) return;
    for (const ni of updated) snap.nodeInfoMap.set(ni.name, ni);
    for (const name of [...snap.nodeInfoMap.keys()]) if (!this.nodes.has(name)) snap.nodeInfoMap.delete(name);
    snap.rebuildLists();
  }
}
