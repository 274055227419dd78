// Kit interfaces implemented over the controller clients: the event sink (core/v1 Events) and the
// leader-election Lease client.
import type { CoreV1Event, V1Lease } from '@kubernetes/client-node';
import { isNotFound, type EventSink, type LeaseClient } from '../../apimachinery/controller/index.js';
import type { Clients } from './clients.js';

export function eventSink(clients: Clients): EventSink {
  return {
    create: (namespace, ev) => clients.events.create({ ...ev, metadata: { ...ev.metadata, namespace } }),
    patch: (namespace, name, p): Promise<CoreV1Event> => clients.events.patch(namespace, name, p),
  };
}

export function leaseClient(clients: Clients): LeaseClient {
  return {
    get: async (namespace, name): Promise<V1Lease | undefined> => {
      try {
        return await clients.leases.get(namespace, name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: (lease) => clients.leases.create(lease),
    update: (lease) => clients.leases.update(lease),
  };
}
