// PodActions and PodWriter over client-node: pods/binding, pod deletion, pods/status merge patches,
// annotation patches and core/v1 Events. Event writes are fire-and-forget (logged on failure).
import { CoreV1Api, PatchStrategy, setHeaderOptions, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { keepAliveApiClient } from '../../apimachinery/keepalive.js';
import type { PodActions } from '../framework/types.js';
import type { PodStatusPatch, PodWriter } from '../core/pod-status.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The HTTP status of a client-node failure, if it has one. */
export function statusCodeOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

function ref(pod: V1Pod): { name: string; namespace: string } {
  return { name: pod.metadata!.name!, namespace: pod.metadata!.namespace ?? 'default' };
}

export interface ApiActionsOptions {
  schedulerName: string;
  identity: string;
  logger: Logger;
  now?: () => Date;
}

export class ApiActions implements PodActions, PodWriter {
  private readonly core: CoreV1Api;
  private seq = 0;

  constructor(
    kc: KubeConfig,
    private readonly o: ApiActionsOptions,
  ) {
    this.core = keepAliveApiClient(kc, CoreV1Api);
  }

  async bind(pod: V1Pod, nodeName: string): Promise<void> {
    const { name, namespace } = ref(pod);
    await this.core.createNamespacedPodBinding({
      name,
      namespace,
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid: pod.metadata?.uid }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } },
    });
  }

  async deletePod(pod: V1Pod): Promise<void> {
    try {
      await this.core.deleteNamespacedPod(ref(pod));
    } catch (err) {
      if (statusCodeOf(err) !== 404) throw err;
    }
  }

  async setNominatedNodeName(pod: V1Pod, nodeName: string): Promise<void> {
    await this.core.patchNamespacedPodStatus({ ...ref(pod), body: { status: { nominatedNodeName: nodeName || null } } }, mergePatch);
  }

  async patchStatus(pod: V1Pod, patch: PodStatusPatch): Promise<void> {
    try {
      await this.core.patchNamespacedPodStatus({ ...ref(pod), body: patch }, mergePatch);
    } catch (err) {
      if (statusCodeOf(err) !== 404) throw err;
    }
  }

  async setAnnotation(pod: V1Pod, key: string, value: string): Promise<void> {
    try {
      await this.core.patchNamespacedPod({ ...ref(pod), body: { metadata: { annotations: { [key]: value } } } }, mergePatch);
    } catch (err) {
      if (statusCodeOf(err) !== 404) throw err;
    }
  }

  event(pod: V1Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void {
    const { name, namespace } = ref(pod);
    const now = this.o.now?.() ?? new Date();
    const body: CoreV1Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${now.getTime().toString(16)}${(this.seq++ % 4096).toString(16).padStart(3, '0')}`, namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace, uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion },
      type,
      reason,
      action,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.o.schedulerName },
      reportingComponent: this.o.schedulerName,
      reportingInstance: this.o.identity,
    };
    this.core.createNamespacedEvent({ namespace, body }).catch((err: unknown) => {
      this.o.logger.warn({ err: err instanceof Error ? err.message : String(err), pod: `${namespace}/${name}`, reason }, 'failed to record event');
    });
  }
}
