// Service ↔ pod helpers shared by the Endpoints and EndpointSlice controllers: which pods belong in
// a Service's endpoints, target-port resolution (number, or container port name), and which Services
// select a pod.
import type { V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { keyOf, mapSelectorMatcher, type Lister, type MapFunc } from '../../apimachinery/controller/index.js';
import { isPodTerminating } from './pod.js';

export const HeadlessLabel = 'service.kubernetes.io/headless';

export function isHeadless(svc: V1Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** ShouldPodBeInEndpoints: has an IP, not terminal, and (unless included) not terminating. */
export function podInEndpoints(pod: V1Pod, includeTerminating: boolean): boolean {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && isPodTerminating(pod)) return false;
  return true;
}

/** The container port a Service port targets on this pod, or undefined when the pod lacks it. */
export function findPort(pod: V1Pod, sp: V1ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** Services in the pod's namespace whose selector matches any of the given label sets. */
export function servicesForPod(services: Lister<V1Service>, namespace: string, ...labelSets: (Record<string, string> | undefined)[]): V1Service[] {
  return services.listNamespace(namespace).filter((svc) => {
    const m = mapSelectorMatcher(svc.spec?.selector);
    return labelSets.some((l) => m(l));
  });
}

/** Maps a pod event to the Services selecting the pod (before or after a label change). */
export function servicesForPodEvent(services: Lister<V1Service>): MapFunc<V1Pod> {
  return ({ type, obj, old }) => {
    if (type === 'update' && old?.metadata?.resourceVersion === obj.metadata?.resourceVersion) return undefined;
    return servicesForPod(services, obj.metadata?.namespace ?? '', ...(old ? [old.metadata?.labels] : []), obj.metadata?.labels).map(keyOf);
  };
}
