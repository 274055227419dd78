// The scheduler's informers, on the shared informer lifecycle (apimachinery/controller): nodes,
// scheduled pods (spec.nodeName!=), unscheduled pods (spec.nodeName=) and namespaces, each restarted
// with backoff when its list/watch fails. Objects are delivered as the API sent them (the handlers
// only read them), without the typed normalisation controllers need for their writes.
import {
  CoreV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1Namespace,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { ListWatchInformer, type EventHandler, type ListWatchInformerOptions } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { EventHandlers } from './handlers.js';

export type InformerOptions = Omit<ListWatchInformerOptions, 'logger'>;

interface Wired {
  informer: ListWatchInformer<KubernetesObject>;
  handler: EventHandler<KubernetesObject>;
}

export class SchedulerInformers {
  private readonly wired: Wired[];
  private readonly stopCtl = new AbortController();
  private readonly runs: Promise<void>[] = [];

  constructor(kc: KubeConfig, handlers: EventHandlers, logger: Logger, opts: InformerOptions = {}) {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = <T extends KubernetesObject>(path: string, list: () => Promise<KubernetesListObject<T>>, fieldSelector?: string): ListWatchInformer<KubernetesObject> =>
      new ListWatchInformer<T>(kc, { path, list, fieldSelector }, { ...opts, logger }) as unknown as ListWatchInformer<KubernetesObject>;
    const pods = (fieldSelector: string): ListWatchInformer<KubernetesObject> =>
      informer<V1Pod>('/api/v1/pods', () => core.listPodForAllNamespaces({ fieldSelector }), fieldSelector);
    const on = <T>(add: (o: T) => void, del: (o: T) => void): EventHandler<KubernetesObject> => {
      const a = add as (o: KubernetesObject) => void;
      return { onAdd: a, onUpdate: (_old, o) => a(o), onDelete: del as (o: KubernetesObject) => void };
    };
    const podHandler = on<V1Pod>(handlers.onPod, handlers.onPodDelete);
    // Nodes and scheduled pods first, so the cache is filled before pending pods arrive.
    this.wired = [
      { informer: informer<V1Node>('/api/v1/nodes', () => core.listNode()), handler: on<V1Node>(handlers.onNode, handlers.onNodeDelete) },
      { informer: pods('spec.nodeName!='), handler: podHandler },
      { informer: pods('spec.nodeName='), handler: podHandler },
      { informer: informer<V1Namespace>('/api/v1/namespaces', () => core.listNamespace()), handler: on<V1Namespace>(handlers.onNamespace, handlers.onNamespaceDelete) },
    ];
    for (const w of this.wired) w.informer.addEventHandler(w.handler);
  }

  /** Whether every informer finished its first list. */
  synced(): boolean {
    return this.wired.every((w) => w.informer.hasSynced());
  }

  /**
   * Starts the informers in order, each once the one before has synced; resolves true when all
   * have, false if `signal` aborted first. They run until stop().
   */
  async start(signal: AbortSignal): Promise<boolean> {
    for (const w of this.wired) {
      this.runs.push(w.informer.run(this.stopCtl.signal));
      if (!(await w.informer.waitForSync(AbortSignal.any([signal, this.stopCtl.signal])))) return false;
    }
    return true;
  }

  async stop(): Promise<void> {
    this.stopCtl.abort();
    await Promise.all(this.runs);
  }
}
