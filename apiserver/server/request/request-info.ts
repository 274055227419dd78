// Parses an API path into what is being asked for (Kubernetes' RequestInfo): group, version,
// namespace, resource, name, subresource and verb. One function, no I/O.
import { queryBool } from '../../../apimachinery/params.js';

export interface RequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** A percent-decoded path segment; undefined when the escapes are malformed (`%zz`, bad UTF-8). */
function unescape(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `path` without the query string, e.g. /apis/apps/v1/namespaces/default/deployments/web/scale. */
export function parseRequestInfo(method: string, path: string, query: Record<string, unknown>): RequestInfo | undefined {
  const decoded = path.split('/').filter((p) => p !== '').map(unescape);
  if (decoded.includes(undefined)) return undefined;
  const parts = decoded as string[];
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2])) rest = rest.slice(2);
  }
  const resource = rest[0];
  const name = rest[1];
  const subresource = rest[2];
  if (rest.length > 3) return undefined;
  // /api/v1/namespaces/foo: the namespace is the object, not a scope.
  if (resource === 'namespaces' && namespace !== undefined) namespace = undefined;
  const watch = queryBool(query.watch);
  let verb: RequestInfo['verb'];
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? 'get' : watch ? 'watch' : 'list';
      if (name && watch) verb = 'watch';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      return undefined;
  }
  return { group, version, namespace, resource, name, subresource, verb };
}
