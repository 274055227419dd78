// Writes pod status through the status subresource, only when it changed: the new status is
// compared with the last one written (or, after a restart, the one on the API), ignoring nothing
// but key order. A pod that was deleted or replaced (uid precondition) is not written. The first
// write of phase Running reports how long the pod took to start since its startTime (the kubelet
// sets it when it first sees the pod): kubelet_pod_start_duration_seconds.
import type { V1Pod, V1PodStatus } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { canonicalJson, httpCode, type KubeletApi } from '../api/index.js';
import { errorMessage } from '../host/index.js';
import { podRef } from './labels.js';

const MANAGED: (keyof V1PodStatus)[] = ['phase', 'conditions', 'containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses', 'podIP', 'podIPs',
  'hostIP', 'hostIPs', 'startTime', 'qosClass'];

export function projection(s: V1PodStatus | undefined): string {
  const out: Record<string, unknown> = {};
  for (const k of MANAGED) out[k] = s?.[k];
  return canonicalJson(out);
}

export class StatusManager {
  private readonly written = new Map<string, string>();
  private readonly writtenStatus = new Map<string, V1PodStatus>();
  /** Number of status writes made (tests check for write storms). */
  writes = 0;

  constructor(private readonly api: KubeletApi, private readonly log: Logger,
    private readonly onPodStarted?: (seconds: number) => void, private readonly now: () => number = Date.now) {}

  /** Writes `status` if it differs from what the API has; returns whether it wrote. */
  async set(pod: V1Pod, status: V1PodStatus): Promise<boolean> {
    const uid = pod.metadata?.uid ?? '';
    const next = projection(status);
    const known = this.written.get(uid) ?? projection(pod.status);
    if (known === next) return false;
    try {
      await this.api.patchPodStatus(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', uid, status);
      this.writes++;
      if (this.onPodStarted && status.phase === 'Running' && status.startTime && (this.writtenStatus.get(uid) ?? pod.status)?.phase !== 'Running') {
        this.onPodStarted((this.now() - new Date(status.startTime).getTime()) / 1000);
      }
      this.written.set(uid, next);
      this.writtenStatus.set(uid, status);
      return true;
    } catch (err) {
      const code = httpCode(err);
      if (code === 404 || code === 409) {
        this.log.debug({ pod: podRef(pod), code }, 'pod status not written: pod gone or replaced');
        return false;
      }
      this.log.warn({ pod: podRef(pod), err: errorMessage(err) }, 'pod status update failed');
      throw err;
    }
  }

  /** The status last written for the pod (until forgotten). */
  lastWritten(uid: string): V1PodStatus | undefined { return this.writtenStatus.get(uid); }

  forget(uid: string): void {
    this.written.delete(uid);
    this.writtenStatus.delete(uid);
  }
}
