// The garbage collector (ownerReferences: background, foreground and orphan deletion).
export { GarbageCollector, ForegroundFinalizer, OrphanFinalizer, type GarbageCollectorOptions } from './collector.js';
export { Graph, GCResources, refKey, parseRefKey, type Ref } from './graph.js';
