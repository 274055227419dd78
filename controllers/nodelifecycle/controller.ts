// The node lifecycle controller. Node side: a Node whose Lease (kube-node-lease/<node>) and Ready
// heartbeat have not moved for --node-monitor-grace-period gets Ready (and pressure conditions)
// Unknown, a NodeNotReady event, its pods marked not ready, and the unreachable taints (not-ready
// taints when the kubelet reports Ready=False). Pod side: the NoExecute taint manager deletes pods
// whose tolerations run out.
import type { V1Node } from '@kubernetes/client-node';
import {
  ControllerBuilder,
  deepCopy,
  isNotFound,
  keyOf,
  keyString,
  objectReference,
  toMillis,
  type Controller,
  type ObjectKey,
  type Result,
} from '../../apimachinery/controller/index.js';
import { ReconcilerBase, type ControllerContext } from '../runtime/index.js';
import { isPodReady, isPodTerminal } from '../util/index.js';
import { evictionTime } from './eviction.js';
import { desiredTaints, observe, readyStatus, unknownConditions, type HealthRecord } from './health.js';

export const NodeLeaseNamespace = 'kube-node-lease';
const NodeNameIndex = 'spec.nodeName';

export interface NodeLifecycleOptions {
  /** --node-monitor-grace-period */
  gracePeriodMs?: number;
  /** Toleration given to pods without one for not-ready / unreachable (seconds). */
  defaultTolerationSeconds?: number;
  workers?: number;
}

export class NodeLifecycleController extends ReconcilerBase {
  /** The taint manager: keys are pods. */
  readonly evictions: Controller;
  private readonly nodes = this.ctx.informers.informer('nodes');
  private readonly leases = this.ctx.informers.informer('leases');
  private readonly pods = this.ctx.informers.informer('pods');
  private readonly recorder = this.ctx.recorder('node-controller');
  private readonly health = new Map<string, HealthRecord>();
  private readonly graceMs: number;
  private readonly defaultTolerationSeconds: number;

  constructor(ctx: ControllerContext, opts: NodeLifecycleOptions = {}) {
    super(ctx, 'nodelifecycle');
    this.graceMs = opts.gracePeriodMs ?? 40_000;
    this.defaultTolerationSeconds = opts.defaultTolerationSeconds ?? 300;
    if (!this.pods.store.hasIndex(NodeNameIndex)) this.pods.store.addIndex(NodeNameIndex, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
    const addOrUpdate: ['add', 'update'] = ['add', 'update'];
    this.complete(
      this.builder(opts.workers ?? 1)
        .for(this.nodes, { on: addOrUpdate })
        .watches(this.nodes, ({ obj }) => void this.health.delete(obj.metadata?.name ?? ''), { on: ['delete'] })
        .watches(this.leases, ({ obj }) => (obj.metadata?.namespace === NodeLeaseNamespace ? obj.metadata.name : undefined), { on: addOrUpdate })
        .reads(this.pods),
    );
    // The taint manager: keys are pods, looked at again when their node changes.
    this.evictions = new ControllerBuilder({ name: 'taint-eviction', logger: this.log.child({ part: 'taint-eviction' }), workers: opts.workers ?? 1 })
      .for(this.pods, { on: addOrUpdate, when: ({ obj }) => !!obj.spec?.nodeName })
      .watches(this.nodes, ({ obj }) => this.pods.store.byIndex(NodeNameIndex, obj.metadata?.name ?? '').map(keyOf), { on: addOrUpdate })
      .reads(this.leases)
      .complete({ reconcile: (k) => this.reconcilePod(k) });
  }

  override async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.controller.run(signal), this.evictions.run(signal)]);
  }

  async reconcile(key: ObjectKey): Promise<Result | void> {
    const cached = this.nodes.store.get(key.name);
    if (!cached) return;
    const now = this.ctx.clock.now();
    const lease = this.leases.store.getByName(NodeLeaseNamespace, key.name);
    const rec = observe(this.health.get(key.name), toMillis(lease?.spec?.renewTime as Date | string | undefined), cached, now);
    this.health.set(key.name, rec);
    let node = cached;
    const wasReady = readyStatus(node) === 'True';

    if (now - rec.probeAt > this.graceMs) {
      const { conditions, changed } = unknownConditions(node, now);
      if (changed) {
        const next = deepCopy(node);
        next.status = { ...next.status, conditions };
        node = await this.ctx.clients.nodes.updateStatus(next);
        this.log.info({ node: key.name }, 'node stopped posting status; marked Unknown');
      }
    }
    if (wasReady && readyStatus(node) !== 'True') await this.nodeWentNotReady(node);

    const { taints, changed } = desiredTaints(node, now);
    if (changed) {
      const next = deepCopy(node);
      next.spec = { ...next.spec, taints: taints.length ? taints : undefined };
      node = await this.ctx.clients.nodes.update(next);
    }
    if (readyStatus(node) === 'Unknown') return;
    // Look again right when the grace period would run out.
    return { requeueAfterMs: Math.max(1, rec.probeAt + this.graceMs - now + 1) };
  }

  private async nodeWentNotReady(node: V1Node): Promise<void> {
    const name = node.metadata?.name ?? '';
    this.recorder.event(objectReference(node, 'v1', 'Node'), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    for (const p of this.pods.store.byIndex(NodeNameIndex, name)) {
      if (!isPodReady(p) || isPodTerminal(p)) continue;
      const next = deepCopy(p);
      next.status!.conditions = (next.status?.conditions ?? []).map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: new Date(this.ctx.clock.now()) } : c,
      );
      try {
        await this.ctx.clients.pods.updateStatus(next);
        this.recorder.event(objectReference(p, 'v1', 'Pod'), 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /** Taint manager: delete the pod once its tolerations for the node's NoExecute taints run out. */
  async reconcilePod(key: ObjectKey): Promise<Result | void> {
    const pod = this.pods.store.get(keyString(key));
    if (!pod?.spec?.nodeName || pod.metadata?.deletionTimestamp || isPodTerminal(pod)) return;
    const node = this.nodes.store.get(pod.spec.nodeName);
    if (!node) return;
    const now = this.ctx.clock.now();
    const at = evictionTime(pod, node.spec?.taints ?? [], this.defaultTolerationSeconds, now);
    if (at === undefined) return;
    if (at > now) return { requeueAfterMs: at - now };
    this.recorder.event(objectReference(pod, 'v1', 'Pod'), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${keyString(key)}`);
    try {
      await this.ctx.clients.pods.delete(key.namespace, key.name, { uid: pod.metadata?.uid });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
