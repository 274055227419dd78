// Kit interfaces implemented over the controller clients: the event sink (core/v1 Events).
import type { CoreV1Event } from '@kubernetes/client-node';
import type { EventSink } from '../../apimachinery/controller/index.js';
import type { Clients } from './clients.js';

export function eventSink(clients: Clients): EventSink {
  return {
    create: (namespace, ev) => clients.events.create({ ...ev, metadata: { ...ev.metadata, namespace } }),
    patch: (namespace, name, p): Promise<CoreV1Event> => clients.events.patch(namespace, name, p),
  };
}
