// Watches a namespace's pods (one selector) and calls a checker with the whole set after every
// watch event, so tests can assert rollout invariants at each step rather than by sampling.
import { Watch, type KubeConfig, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';

/** Watches pods, or (with `replicasets: true`) ReplicaSets; `added` counts the objects ever added. */
export class PodWatch<T extends KubernetesObject = V1Pod> {
  readonly pods = new Map<string, T>();
  /** Names of every object seen ADDED (listed ones included), in order. */
  readonly added: string[] = [];
  readonly violations: string[] = [];
  events = 0;
  private ac?: AbortController;

  constructor(
    private readonly kc: KubeConfig,
    private readonly ns: string,
    private readonly selector: string,
    private readonly check: (pods: T[]) => string | undefined,
    private readonly kind: 'pods' | 'replicasets' = 'pods',
  ) {}

  /** Lists, then watches from the list's resourceVersion. */
  async start(): Promise<void> {
    const { AppsV1Api, CoreV1Api } = await import('@kubernetes/client-node');
    const list = this.kind === 'pods'
      ? await this.kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: this.ns, labelSelector: this.selector })
      : await this.kc.makeApiClient(AppsV1Api).listNamespacedReplicaSet({ namespace: this.ns, labelSelector: this.selector });
    for (const p of list.items as T[]) {
      this.pods.set(p.metadata!.uid!, p);
      this.added.push(p.metadata!.name!);
    }
    this.ac = await new Watch(this.kc).watch(
      this.kind === 'pods' ? `/api/v1/namespaces/${this.ns}/pods` : `/apis/apps/v1/namespaces/${this.ns}/replicasets`,
      { labelSelector: this.selector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: false },
      (phase: string, obj: T) => {
        const uid = obj.metadata?.uid;
        if (!uid) return;
        if (phase === 'ADDED' && !this.pods.has(uid)) this.added.push(obj.metadata!.name!);
        if (phase === 'DELETED') this.pods.delete(uid);
        else if (phase === 'ADDED' || phase === 'MODIFIED') this.pods.set(uid, obj);
        else return;
        this.events++;
        const v = this.check([...this.pods.values()]);
        if (v) this.violations.push(`event ${this.events} (${phase} ${obj.metadata?.name}): ${v}`);
      },
      (err: unknown) => {
        if (err && !this.ac?.signal.aborted) this.violations.push(`watch ended: ${String(err)}`);
      },
    );
  }

  stop(): void {
    this.ac?.abort();
  }
}
