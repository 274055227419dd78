// etcd_request_duration_seconds for the etcd store under the watch cache: each get, create, update,
// delete and list that reaches etcd is timed, labelled with its operation and the resource of its
// key ("pods", "deployments.apps") as Kubernetes' etcd3 store labels them.
import type { EtcdStore } from '../storage/index.js';
import { resources, storagePrefix } from '../registry/resources.js';
import type { Store } from '../storage/types.js';
import type { ApiServerMetrics } from './metrics.js';

/** '/registry/deployments/ns/x' → 'deployments.apps' (the group from the catalogue). */
export function resourceOfKey(key: string): string {
  const plural = key.split('/')[2] ?? '';
  const info = resources.find((r) => r.plural === plural);
  return info?.group ? `${plural}.${info.group}` : plural;
}

/** resourceOfKey for the prefix of `key`, remembered per resource. */
function labeller(): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    const plural = key.split('/')[2] ?? '';
    let label = known.get(plural);
    if (label === undefined) {
      label = resourceOfKey(key);
      known.set(plural, label);
    }
    return label;
  };
}

type Timed = 'get' | 'create' | 'update' | 'delete' | 'list';

/**
 * apiserver_storage_objects: each stored resource's key count, read from etcd (a one-item page and
 * its remainingItemCount) so that a scrape starts no watch cache; -1 when etcd does not answer.
 */
export async function countObjects(store: Pick<Store, 'list'>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await Promise.all(
    resources
      .filter((r) => r.verbs.includes('get'))
      .map(async (r) => {
        const label = r.group ? `${r.plural}.${r.group}` : r.plural;
        try {
          const page = await store.list(storagePrefix(r), { limit: 1 });
          counts.set(label, page.items.length + (page.remainingItemCount ?? 0));
        } catch {
          counts.set(label, -1);
        }
      }),
  );
  return counts;
}

/** Wraps the store's methods in place (the watch cache holds the EtcdStore itself) and counts its objects for /metrics. */
export function instrumentEtcd(store: EtcdStore, metrics: ApiServerMetrics): void {
  metrics.setObjectCounter(() => countObjects(store));
  const ops: Timed[] = ['get', 'create', 'update', 'delete', 'list'];
  const label = labeller();
  for (const op of ops) {
    const original = store[op].bind(store) as (key: string, ...rest: unknown[]) => Promise<unknown>;
    const timed = async (key: string, ...rest: unknown[]): Promise<unknown> => {
      const start = process.hrtime.bigint();
      try {
        return await original(key, ...rest);
      } finally {
        metrics.observeEtcd(op, label(key), Number(process.hrtime.bigint() - start) / 1e9);
      }
    };
    Object.defineProperty(store, op, { value: timed, configurable: true, writable: true });
  }
}
