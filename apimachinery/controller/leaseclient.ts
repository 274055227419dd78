// The Lease client leader election uses in production: coordination.k8s.io/v1 over client-node,
// on a keep-alive connection (renewals every retryPeriod would otherwise each open a new one).
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { keepAliveApiClient } from '../keepalive.js';
import { isNotFound } from './errors.js';
import type { LeaseClient } from './leaderelection.js';

export function clientNodeLeaseClient(kc: KubeConfig): LeaseClient {
  const api = keepAliveApiClient(kc, CoordinationV1Api);
  const where = (l: V1Lease): { name: string; namespace: string } => ({ name: l.metadata?.name ?? '', namespace: l.metadata?.namespace ?? '' });
  return {
    get: async (namespace, name) => {
      try {
        return await api.readNamespacedLease({ name, namespace });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: (lease) => api.createNamespacedLease({ namespace: where(lease).namespace, body: lease }),
    update: (lease) => api.replaceNamespacedLease({ ...where(lease), body: lease }),
  };
}
