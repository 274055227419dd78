// The kubelet's event recorder: the shared Recorder (aggregation, spam filter) with source
// component "kubelet" and host = the node name, writing core/v1 Events through the KubeletApi.
import type { EventRecorder } from '../../apimachinery/controller/index.js';
import { Recorder } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { KubeletApi } from './client.js';

export function kubeletRecorder(api: KubeletApi, nodeName: string, log: Logger): EventRecorder & { flush(): Promise<void> } {
  return new Recorder({
    component: 'kubelet', host: nodeName, logger: log,
    sink: { create: (ns, ev) => api.createEvent(ns, ev), patch: (ns, name, p) => api.patchEvent(ns, name, p) },
  });
}
