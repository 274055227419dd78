// The scheduler's informers (client-node list+watch): nodes, unscheduled pods (spec.nodeName=),
// scheduled pods (spec.nodeName!=) and namespaces. A watch that fails is restarted after a delay;
// start() resolves once every informer has done its initial list.
import {
  CoreV1Api, ListWatch, makeInformer, Watch,
  type Informer, type KubeConfig, type KubernetesObject, type V1Namespace, type V1Node, type V1Pod,
} from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import type { EventHandlers } from './handlers.js';

interface Wired {
  name: string;
  informer: Informer<KubernetesObject>;
  /** Listed successfully at least once. */
  synced: boolean;
  /** An error was reported since the last (re)start. */
  errored: boolean;
}

export interface InformerOptions {
  restartDelayMs?: number;
}

export class SchedulerInformers {
  private readonly wired: Wired[] = [];
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    kc: KubeConfig,
    handlers: EventHandlers,
    private readonly logger: Logger,
    private readonly opts: InformerOptions = {},
  ) {
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = makeInformer<V1Node>(kc, '/api/v1/nodes', () => core.listNode());
    nodes.on('add', handlers.onNode);
    nodes.on('update', handlers.onNode);
    nodes.on('delete', handlers.onNodeDelete);
    // makeInformer takes no field selector, so the pod informers are ListWatches built the same way.
    const podInformer = (fieldSelector: string): Informer<V1Pod> =>
      new ListWatch<V1Pod>('/api/v1/pods', new Watch(kc), () => core.listPodForAllNamespaces({ fieldSelector }), false, undefined, fieldSelector);
    const pending = podInformer('spec.nodeName=');
    const scheduled = podInformer('spec.nodeName!=');
    for (const inf of [pending, scheduled]) {
      inf.on('add', handlers.onPod);
      inf.on('update', handlers.onPod);
      inf.on('delete', handlers.onPodDelete);
    }
    const namespaces = makeInformer<V1Namespace>(kc, '/api/v1/namespaces', () => core.listNamespace());
    namespaces.on('add', handlers.onNamespace);
    namespaces.on('update', handlers.onNamespace);
    namespaces.on('delete', handlers.onNamespaceDelete);
    this.wired.push(
      { name: 'nodes', informer: nodes as Informer<KubernetesObject>, synced: false, errored: false },
      { name: 'scheduled-pods', informer: scheduled as Informer<KubernetesObject>, synced: false, errored: false },
      { name: 'pending-pods', informer: pending as Informer<KubernetesObject>, synced: false, errored: false },
      { name: 'namespaces', informer: namespaces as Informer<KubernetesObject>, synced: false, errored: false },
    );
    for (const w of this.wired) w.informer.on('error', (err?: unknown) => this.restart(w, err));
  }

  private async startOne(w: Wired): Promise<void> {
    w.errored = false;
    await w.informer.start();
    if (!w.errored) w.synced = true;
  }

  private restart(w: Wired, err: unknown): void {
    w.errored = true;
    if (this.stopped) return;
    this.logger.warn({ informer: w.name, err: err instanceof Error ? err.message : String(err) }, 'watch failed; restarting');
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) this.startOne(w).catch((e: unknown) => this.restart(w, e));
    }, this.opts.restartDelayMs ?? 1000);
    this.timers.add(t);
  }

  /** Whether every informer finished its first list. */
  synced(): boolean {
    return this.wired.every((w) => w.synced);
  }

  /** Starts nodes and scheduled pods first so the cache is filled before pending pods arrive. */
  async start(): Promise<void> {
    for (const w of this.wired) await this.startOne(w);
  }

  /** Resolves once synced(), or when `signal` aborts. */
  async waitForSync(signal: AbortSignal, pollMs = 100): Promise<void> {
    while (!this.synced() && !signal.aborted) {
      await new Promise<void>((r) => {
        const t = setTimeout(done, pollMs);
        function done(): void {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          r();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.wired.map((w) => w.informer.stop()));
  }
}
