// What the scheduler does with informer events (no I/O, so it is unit-tested directly). Handlers
// look at the object's state, not at which informer delivered it: a pod with spec.nodeName belongs
// to the cache, a pending pod of one of our profiles to the queue.
import type { V1Namespace, V1Node, V1Pod } from '@kubernetes/client-node';
import type { SchedulerCache } from '../cache/cache.js';
import type { NamespaceLister } from '../framework/types.js';
import type { PodNominator } from '../queue/nominator.js';
import type { SchedulingQueue } from '../queue/queue.js';

export interface HandlerDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  nominator: PodNominator;
  /** Whether one of our profiles schedules this pod. */
  isOurs(pod: V1Pod): boolean;
}

function terminal(pod: V1Pod): boolean {
  const ph = pod.status?.phase;
  return ph === 'Succeeded' || ph === 'Failed';
}

/** The parts of a Node that can change a scheduling verdict. */
function schedulingView(n: V1Node | undefined): string {
  if (!n) return '';
  return JSON.stringify([n.metadata?.labels ?? {}, n.spec?.taints ?? [], n.spec?.unschedulable ?? false, n.status?.allocatable ?? n.status?.capacity ?? {}]);
}

export class EventHandlers implements NamespaceLister {
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly nodeViews = new Map<string, string>();

  constructor(private readonly d: HandlerDeps) {}

  labels(namespace: string): Record<string, string> | undefined {
    return this.nsLabels.get(namespace);
  }

  onPod = (pod: V1Pod): void => {
    const { cache, queue, nominator } = this.d;
    if (pod.spec?.nodeName) {
      queue.delete(pod);
      nominator.delete(pod);
      if (terminal(pod)) {
        cache.removePod(pod);
        queue.moveAllToActiveOrBackoff('AssignedPodDelete');
        return;
      }
      const known = cache.getPod(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) !== undefined;
      cache.addPod(pod);
      queue.moveAllToActiveOrBackoff(known ? 'AssignedPodUpdate' : 'AssignedPodAdd');
      return;
    }
    if (terminal(pod) || !this.d.isOurs(pod)) {
      queue.delete(pod);
      nominator.delete(pod);
      return;
    }
    nominator.set(pod, pod.status?.nominatedNodeName);
    queue.add(pod);
  };

  onPodDelete = (pod: V1Pod): void => {
    const { cache, queue, nominator } = this.d;
    nominator.delete(pod);
    if (pod.spec?.nodeName) {
      cache.removePod(pod);
      queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    } else {
      queue.delete(pod);
    }
  };

  onNode = (node: V1Node): void => {
    const name = node.metadata?.name ?? '';
    const view = schedulingView(node);
    const before = this.nodeViews.get(name);
    this.nodeViews.set(name, view);
    this.d.cache.addNode(node);
    if (before === undefined) this.d.queue.moveAllToActiveOrBackoff('NodeAdd');
    else if (before !== view) this.d.queue.moveAllToActiveOrBackoff('NodeUpdate');
  };

  onNodeDelete = (node: V1Node): void => {
    this.nodeViews.delete(node.metadata?.name ?? '');
    this.d.cache.removeNode(node);
  };

  onNamespace = (ns: V1Namespace): void => {
    this.nsLabels.set(ns.metadata?.name ?? '', ns.metadata?.labels ?? {});
    this.d.queue.moveAllToActiveOrBackoff('NamespaceChange');
  };

  onNamespaceDelete = (ns: V1Namespace): void => {
    this.nsLabels.delete(ns.metadata?.name ?? '');
  };
}
