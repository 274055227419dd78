// What the API server's own start-up writers share (bootstrap objects, default RBAC policy, APF objects
// and local APIServices): create an object unless one of that name exists already.
import { ApiError } from '../../apimachinery/errors.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { ResourceInfo } from './resources.js';
import type { Registry } from './rest.js';

/** Creates `obj`; a concurrent creator's AlreadyExists is not an error. Whether this call created it. */
export async function createIfAbsent(reg: Registry, info: ResourceInfo, ns: string | undefined, obj: Obj, fieldManager: string): Promise<boolean> {
  try {
    await reg.create(info, ns, obj, { fieldManager });
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'AlreadyExists') return false;
    throw e;
  }
}
