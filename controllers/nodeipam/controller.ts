// The node IPAM controller (range allocator): gives every Node a spec.podCIDR / podCIDRs block
// from --cluster-cidr. Allocations are rebuilt from existing Nodes before the first assignment;
// a deleted Node's block is released.
import type { V1Node } from '@kubernetes/client-node';
import { ControllerBuilder, objectReference, type Controller, type EventRecorder, type Informer, type ObjectKey, type Reconciler } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { ControllerContext } from '../runtime/index.js';
import { CidrAllocator } from './cidr.js';

export interface NodeIpamOptions {
  clusterCidr: string;
  nodeCidrMaskSize: number;
}

export class NodeIpamController implements Reconciler {
  readonly controller: Controller;
  readonly allocator: CidrAllocator;
  private readonly nodes: Informer<V1Node>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private rebuilt = false;

  constructor(
    private readonly ctx: ControllerContext,
    opts: NodeIpamOptions,
  ) {
    this.allocator = new CidrAllocator(opts.clusterCidr, opts.nodeCidrMaskSize);
    this.log = ctx.logger.child({ controller: 'nodeipam' });
    this.recorder = ctx.recorder('cidrAllocator');
    this.nodes = ctx.informers.informer('nodes');
    this.controller = new ControllerBuilder({ name: 'nodeipam', logger: this.log, workers: 1 })
      .for(this.nodes, { on: ['add', 'update'], when: ({ type, obj }) => type === 'add' || !obj.spec?.podCIDR })
      .watches(this.nodes, ({ obj }) => this.release(obj), { on: ['delete'] })
      .complete(this);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  /** A deleted Node's block goes back to the pool (once the Node is gone nothing says which it was). */
  private release(node: V1Node): undefined {
    if (this.rebuilt && node.spec?.podCIDR) this.allocator.release(node.spec.podCIDR);
    return undefined;
  }

  /** Takes every CIDR already assigned (the cache is synced before workers run). */
  private rebuild(): void {
    if (this.rebuilt) return;
    for (const n of this.nodes.store.list()) {
      for (const c of n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])) {
        if (!this.allocator.occupy(c)) this.log.warn({ node: n.metadata?.name, cidr: c }, 'node CIDR is outside the cluster CIDR');
      }
    }
    this.rebuilt = true;
  }

  async reconcile(key: ObjectKey): Promise<void> {
    this.rebuild();
    const node = this.nodes.store.get(key.name);
    if (!node) return;
    if (node.spec?.podCIDR) {
      this.allocator.occupy(node.spec.podCIDR);
      return;
    }
    const cidr = this.allocator.allocate();
    if (!cidr) {
      this.recorder.event(objectReference(node, 'v1', 'Node'), 'Warning', 'CIDRNotAvailable', `Node ${key.name} status is now: CIDRNotAvailable`);
      throw new Error('no pod CIDR blocks left in the cluster CIDR');
    }
    try {
      await this.ctx.clients.nodes.patch(undefined, key.name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      this.recorder.event(objectReference(node, 'v1', 'Node'), 'Normal', 'CIDRAssignmentSucceeded', `Node ${key.name} got CIDR ${cidr}`);
      this.log.info({ node: key.name, cidr }, 'assigned pod CIDR');
    } catch (err) {
      this.allocator.release(cidr);
      throw err;
    }
  }
}
