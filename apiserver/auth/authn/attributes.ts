// A request as the authorizer sees it (Kubernetes' authorizer.Attributes from RequestInfo), and the
// exact 403 kube-apiserver answers when the authorizer says no.
import { ApiError } from '../../../apimachinery/errors.js';
import { parseRequestInfo } from '../../server/request/request-info.js';
import type { Attributes, UserInfo } from '../types.js';

const connectSubresources = new Set(['exec', 'attach', 'portforward']);

export function requestAttributes(user: UserInfo, method: string, url: string): Attributes {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
  let ri: ReturnType<typeof parseRequestInfo>;
  try {
    ri = parseRequestInfo(method, path, query);
  } catch {
    ri = undefined; // undecodable path segments: treat as a non-resource path
  }
  if (!ri) return { user, verb: method.toLowerCase(), resourceRequest: false, path, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
  let verb: string = ri.verb;
  let name = ri.name ?? '';
  let namespace = ri.namespace ?? '';
  // exec/attach/portforward open a stream: Kubernetes authorizes them as create, also over a WebSocket GET.
  if (ri.subresource && connectSubresources.has(ri.subresource) && ri.resource === 'pods') verb = 'create';
  // list/watch narrowed to one object by fieldSelector=metadata.name=X carry that name.
  if ((verb === 'list' || verb === 'watch') && name === '' && typeof query.fieldSelector === 'string') {
    for (const term of query.fieldSelector.split(',')) {
      const m = /^\s*metadata\.name\s*==?\s*([^\s,]+)\s*$/.exec(term);
      if (m && !m[1].includes('/')) name = m[1];
    }
  }
  // /api/v1/namespaces/foo is scoped to namespace foo, as in Kubernetes' RequestInfo.
  if (ri.resource === 'namespaces' && name !== '' && namespace === '' && path.includes(`/namespaces/${encodeURIComponent(name)}`)) namespace = name;
  return { user, verb, resourceRequest: true, path, apiGroup: ri.group, apiVersion: ri.version, resource: ri.resource, subresource: ri.subresource ?? '', namespace, name };
}

/** Kubernetes' forbiddenMessage + NewForbidden, e.g. pods "x" is forbidden: User "bob" cannot ... */
export function forbidden(a: Attributes, reason: string): ApiError {
  let msg: string;
  if (!a.resourceRequest) msg = `User ${JSON.stringify(a.user.name)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
    msg = `User ${JSON.stringify(a.user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} ${scope}`;
  }
  if (reason) msg += `: ${reason}`;
  if (!a.resourceRequest) return new ApiError('Forbidden', `forbidden: ${msg}`, {});
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const head = a.name ? `${qualified} ${JSON.stringify(a.name)}` : qualified;
  return new ApiError('Forbidden', `${head} is forbidden: ${msg}`, { name: a.name || undefined, group: a.apiGroup || undefined, kind: a.resource });
}
