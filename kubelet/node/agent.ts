// One node's registration, status and lease: registers the Node (or adopts an existing one),
// posts status when it changes and at least every report period, and renews its Lease in
// kube-node-lease. The periodic work is driven from outside (tick) so hollow nodes share a timer.
import { V1MicroTime, type V1Lease, type V1Node, type V1NodeStatus } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { httpCode, type KubeletApi } from '../api/index.js';
import { errorMessage, sleepFor } from '../host/index.js';
import type { HostFacts } from './capacity.js';
import { initialNode, nodeStatus, statusChanged, type NodeHealth, type NodeParams } from './nodeobject.js';

export const LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeAgentOptions {
  params: NodeParams;
  api: KubeletApi;
  log: Logger;
  /** Host facts; called on every status computation (cheap for hollow nodes). */
  facts: () => Promise<HostFacts> | HostFacts;
  health: () => NodeHealth;
  leaseDurationSeconds: number;
  statusReportFrequencyMs: number;
  now?: () => number;
}

export class NodeAgent {
  private node?: V1Node;
  private lastPosted?: V1NodeStatus;
  private lastPostedAt = 0;
  private lease?: V1Lease;
  private readonly now: () => number;

  constructor(private readonly o: NodeAgentOptions) {
    this.now = o.now ?? Date.now;
  }

  get name(): string { return this.o.params.nodeName; }

  /** The Node as last seen from the API (after register). */
  get current(): V1Node | undefined { return this.node; }

  /** Creates the Node, or adopts an existing one (merging our labels); returns it. */
  async register(): Promise<V1Node> {
    const facts = await this.o.facts();
    const want = initialNode(this.o.params, facts);
    let node: V1Node;
    try {
      node = await this.o.api.createNode(want);
      this.o.log.info({ node: this.name }, 'node registered');
    } catch (err) {
      if (httpCode(err) !== 409) throw err;
      const existing = await this.o.api.getNode(this.name);
      if (!existing) throw err;
      const labels = want.metadata?.labels ?? {};
      const missing = Object.entries(labels).some(([k, v]) => existing.metadata?.labels?.[k] !== v);
      node = missing ? await this.o.api.patchNode(this.name, { metadata: { labels } }) : existing;
      this.o.log.info({ node: this.name }, 'node already registered; adopted');
    }
    this.node = node;
    this.lastPosted = node.status;
    return node;
  }

  /** Refreshes our copy of the Node (e.g. to read spec.podCIDR assigned later). */
  async refresh(): Promise<V1Node | undefined> {
    const n = await this.o.api.getNode(this.name);
    if (n) this.node = n;
    return n;
  }

  /** Posts status when it changed or the report period passed (or `force`). Returns whether it posted. */
  async syncStatus(force = false): Promise<boolean> {
    const now = this.now();
    const next = nodeStatus(this.o.params, await this.o.facts(), this.o.health(), this.lastPosted, now);
    const due = force || statusChanged(this.lastPosted, next) || now - this.lastPostedAt >= this.o.statusReportFrequencyMs;
    if (!due) return false;
    try {
      this.node = await this.o.api.patchNodeStatus(this.name, next);
    } catch (err) {
      if (httpCode(err) === 404) {
        this.o.log.warn({ node: this.name }, 'node object deleted; registering again');
        await this.register();
        this.node = await this.o.api.patchNodeStatus(this.name, next);
      } else throw err;
    }
    this.lastPosted = next;
    this.lastPostedAt = now;
    return true;
  }

  /** Renews (or creates) the node's Lease. */
  async renewLease(): Promise<void> {
    const renewTime = new V1MicroTime(this.now());
    const spec = { holderIdentity: this.name, leaseDurationSeconds: this.o.leaseDurationSeconds, renewTime };
    if (!this.lease) this.lease = await this.o.api.getLease(LEASE_NAMESPACE, this.name);
    if (!this.lease) {
      const uid = this.node?.metadata?.uid;
      this.lease = await this.o.api.createLease({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.name,
          namespace: LEASE_NAMESPACE,
          ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid }] } : {}),
        },
        spec,
      });
      return;
    }
    try {
      this.lease = await this.o.api.replaceLease({ ...this.lease, spec: { ...this.lease.spec, ...spec } });
    } catch (err) {
      this.lease = undefined; // conflict or gone: read again next time
      throw err;
    }
  }

  /** One period's work: lease renewal and status check. Errors are logged, not thrown. */
  async tick(): Promise<void> {
    await this.renewLease().catch((err: unknown) => this.o.log.warn({ node: this.name, err: errorMessage(err) }, 'lease renewal failed'));
    await this.syncStatus().catch((err: unknown) => this.o.log.warn({ node: this.name, err: errorMessage(err) }, 'node status update failed'));
  }
}

/**
 * Runs `tick` for every agent each period, `concurrency` at a time: one timer for any number of
 * nodes. Resolves when `signal` aborts.
 */
export async function runNodeTicker(agents: () => Iterable<NodeAgent>, periodMs: number, concurrency: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const started = Date.now();
    const list = [...agents()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < list.length && !signal.aborted) await list[next++]!.tick();
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
    const wait = Math.max(0, periodMs - (Date.now() - started));
    await sleepFor(wait, signal);
  }
}

