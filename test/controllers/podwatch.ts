// Watches a namespace's pods (one selector) and calls a checker with the whole set after every
// watch event, so tests can assert rollout invariants at each step rather than by sampling.
import { Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';

export class PodWatch {
  readonly pods = new Map<string, V1Pod>();
  readonly violations: string[] = [];
  events = 0;
  private ac?: AbortController;

  constructor(
    private readonly kc: KubeConfig,
    private readonly ns: string,
    private readonly selector: string,
    private readonly check: (pods: V1Pod[]) => string | undefined,
  ) {}

  /** Lists, then watches from the list's resourceVersion. */
  async start(): Promise<void> {
    const { CoreV1Api } = await import('@kubernetes/client-node');
    const list = await this.kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: this.ns, labelSelector: this.selector });
    for (const p of list.items) this.pods.set(p.metadata!.uid!, p);
    this.ac = await new Watch(this.kc).watch(
      `/api/v1/namespaces/${this.ns}/pods`,
      { labelSelector: this.selector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: false },
      (phase: string, obj: V1Pod) => {
        const uid = obj.metadata?.uid;
        if (!uid) return;
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
