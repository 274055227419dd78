// Storage for the API server process: one etcd client (all --etcd-servers endpoints), the watch
// cache in front of it, and periodic compaction.
import type { Logger } from '../../apimachinery/log.js';
import { EtcdStore, CachedStore, startCompactor } from '../storage/index.js';
import type { Store } from '../storage/types.js';
import type { ApiServerMetrics } from '../metrics/metrics.js';
import { instrumentEtcd } from '../metrics/etcd.js';

export function openStorage(endpoints: string[], log: Logger, metrics?: ApiServerMetrics): Store {
  const etcd = new EtcdStore({ endpoints, logger: log.child({ layer: 'etcd' }) });
  if (metrics) instrumentEtcd(etcd, metrics);
  const cached = new CachedStore(etcd, { logger: log.child({ layer: 'watch-cache' }) });
  const ac = new AbortController();
  startCompactor(etcd, { intervalMs: 5 * 60_000, signal: ac.signal, logger: log });
  const close = cached.close.bind(cached);
  cached.close = async () => {
    ac.abort();
    await close();
  };
  return cached;
}
