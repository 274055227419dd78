// Controller-manager plumbing shared by the controllers: the resource table, the narrow client
// interfaces and their client-node implementation, the shared informer factory, and the
// base every controller extends.
export * from './resources.js';
export * from './clients.js';
export { clientNodeClients, typedClient } from './clientnode.js';
export { SharedInformerFactory } from './informers.js';
export * from './context.js';
export { eventSink } from './adapters.js';
export { ReconcilerBase, type WorkerOptions } from './reconciler.js';
