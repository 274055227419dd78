// Impersonation (kubectl --as / --as-group / --as-uid), as Kubernetes' WithImpersonation filter:
// the authenticated user must be allowed the `impersonate` verb on each requested users/<name>
// (or serviceaccounts in their namespace), groups/<name>, uids/<uid> and userextras/<key> value;
// the request then runs as the impersonated user. For the request pipeline, after authentication.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApiError, errors } from '../../../apimachinery/errors.js';
import type { Attributes, Authorizer, UserInfo } from '../types.js';

export const impersonateUserHeader = 'impersonate-user';
export const impersonateGroupHeader = 'impersonate-group';
export const impersonateUidHeader = 'impersonate-uid';
export const impersonateExtraPrefix = 'impersonate-extra-';

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether the request asks to impersonate anyone. */
export function wantsImpersonation(h: IncomingHttpHeaders): boolean {
  return Object.keys(h).some((k) => k === impersonateUserHeader || k === impersonateGroupHeader || k === impersonateUidHeader || k.startsWith(impersonateExtraPrefix));
}

function attrs(user: UserInfo, o: { group?: string; resource: string; subresource?: string; namespace?: string; name: string }): Attributes {
  return { user, verb: 'impersonate', resourceRequest: true, path: '', apiGroup: o.group ?? '', apiVersion: '', resource: o.resource, subresource: o.subresource ?? '', namespace: o.namespace ?? '', name: o.name };
}

/** Kubernetes' forbidden wording for one refused impersonation check. */
function refused(a: Attributes, reason: string): ApiError {
  const gr = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  const msg = `User ${JSON.stringify(a.user.name)} cannot impersonate resource ${JSON.stringify(res)} in API group ${JSON.stringify(a.apiGroup)} ${scope}${reason ? `: ${reason}` : ''}`;
  return new ApiError('Forbidden', `${gr} ${JSON.stringify(a.name)} is forbidden: ${msg}`, { name: a.name, group: a.apiGroup || undefined, kind: a.resource });
}

/**
 * The user a request runs as: `requester` itself without Impersonate-* headers, else the
 * impersonated user once every part of it is authorized. Throws 400 (groups/extra/uid without a
 * user) or 403.
 */
export async function impersonate(h: IncomingHttpHeaders, requester: UserInfo, authorizer: Authorizer): Promise<UserInfo> {
  if (!wantsImpersonation(h)) return requester;
  const name = values(h[impersonateUserHeader])[0] ?? '';
  const groups = values(h[impersonateGroupHeader]);
  const uid = values(h[impersonateUidHeader])[0];
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!k.startsWith(impersonateExtraPrefix)) continue;
    extra[decodeURIComponent(k.slice(impersonateExtraPrefix.length))] = values(v);
  }
  if (name === '') throw errors.badRequest('requested impersonation of groups, uid or extra without impersonating a user');
  const checks: Attributes[] = [];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  checks.push(sa ? attrs(requester, { resource: 'serviceaccounts', namespace: sa[1], name: sa[2] }) : attrs(requester, { resource: 'users', name }));
  for (const g of groups) checks.push(attrs(requester, { resource: 'groups', name: g }));
  if (uid !== undefined) checks.push(attrs(requester, { group: 'authentication.k8s.io', resource: 'uids', name: uid }));
  for (const [k, vs] of Object.entries(extra)) for (const v of vs) checks.push(attrs(requester, { group: 'authentication.k8s.io', resource: 'userextras', subresource: k, name: v }));
  for (const a of checks) {
    const { decision, reason } = await authorizer.authorize(a);
    if (decision !== 'allow') throw refused(a, reason);
  }
  const all = [...groups];
  if (sa && groups.length === 0) all.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (name !== 'system:anonymous' && !all.includes('system:authenticated')) all.push('system:authenticated');
  const out: UserInfo = { name, groups: all };
  if (uid !== undefined) out.uid = uid;
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** The shape of the pipeline's request authenticator (apiserver/auth/authn RequestAuthenticator). */
export interface AuthenticatesRequests {
  authenticate(req: IncomingMessage): Promise<{ user: UserInfo; anonymous: boolean }>;
}

/** Wraps a request authenticator so an authenticated request may act as another user (kubectl --as). */
export function withImpersonation<A extends AuthenticatesRequests>(inner: A, authorizer: Authorizer): A {
  return {
    ...inner,
    async authenticate(req: IncomingMessage) {
      const a = await inner.authenticate(req);
      if (a.anonymous || !wantsImpersonation(req.headers)) return a;
      return { ...a, user: await impersonate(req.headers, a.user, authorizer) };
    },
  };
}
