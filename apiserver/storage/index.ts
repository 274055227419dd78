// The API server's storage: the Store contract, the etcd-backed store, the watch cache in front of it
// and the periodic compactor.
export * from './types.js';
export { parseRv } from './codec.js';
export { EtcdStore, type EtcdStoreOptions } from './etcd-store.js';
export { CachedStore, defaultResourcePrefix, type CachedStoreOptions } from './watch-cache.js';
export { startCompactor, newCompactor, compactRevKey, type Compactor, type CompactorOptions, type CompactTick } from './compactor.js';
