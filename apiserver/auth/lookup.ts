// Reads the few objects authentication needs (ServiceAccounts, Pods, Secrets, Nodes) straight from
// the Store, preferring the watch cache (resourceVersion "0", as Kubernetes' authenticators read
// informers) and falling back to etcd when the cache has not seen the object.
import type { Obj } from '../../apimachinery/objects.js';
import { ApiError } from '../../apimachinery/errors.js';
import type { Store } from '../storage/types.js';

export interface ObjectGetter {
  get(resource: 'serviceaccounts' | 'pods' | 'secrets' | 'nodes', namespace: string | undefined, name: string): Promise<Obj | undefined>;
}

export function storeGetter(store: Store): ObjectGetter {
  return {
    async get(resource, namespace, name) {
      const key = namespace === undefined ? `/registry/${resource}/${name}` : `/registry/${resource}/${namespace}/${name}`;
      const isIt = (o: Obj): boolean => {
        const m = o.metadata as Obj | undefined;
        return m?.name === name && (namespace === undefined || m?.namespace === namespace);
      };
      const cached = await store.list(key, { resourceVersion: '0', filter: isIt }).catch(() => undefined);
      const hit = cached?.items.find((s) => s.key === key);
      if (hit) return hit.object;
      return (await store.get(key))?.object;
    },
  };
}

/**
 * The 401 every failed authentication answers with (message "Unauthorized", as kube-apiserver);
 * `why` is kept as the error's cause for logs and TokenReview's status.error.
 */
export function unauthorized(why: string): ApiError {
  const e = new ApiError('Unauthorized', 'Unauthorized');
  e.cause = why;
  return e;
}

export function unauthorizedReason(e: unknown): string {
  if (e instanceof ApiError && e.reason === 'Unauthorized') return typeof e.cause === 'string' ? e.cause : e.message;
  return e instanceof Error ? e.message : String(e);
}
