// The security step of the request pipeline, shared by ordinary requests and upgrade requests
// (exec/attach/portforward): authenticate, refuse anonymous requests outside the public health and
// version paths (401), then ask the authorizer (403 with Kubernetes' message when it does not allow).
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../../apimachinery/log.js';
import type { Authorizer, UserInfo } from '../types.js';
import { forbidden, requestAttributes } from './attributes.js';
import type { RequestAuthenticator } from './chain.js';
import { unauthorized } from '../lookup.js';

/** Paths anyone may read, even without credentials. */
export const publicPaths = ['/healthz', '/livez', '/readyz', '/version'];

export function isPublicPath(path: string): boolean {
  return publicPaths.some((p) => path === p || path.startsWith(`${p}/`));
}

export const alwaysAllow: Authorizer = { authorize: async () => ({ decision: 'allow', reason: '' }) };

export interface RequestFilterOptions {
  authenticator: RequestAuthenticator;
  authorizer: Authorizer;
  log?: Logger;
}

export type RequestFilter = (req: IncomingMessage) => Promise<UserInfo>;

/** Returns the request's user, or throws the 401/403 ApiError to answer with. */
export function newRequestFilter(o: RequestFilterOptions): RequestFilter {
  return async (req) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const auth = await o.authenticator.authenticate(req).catch((e: unknown) => {
      o.log?.debug({ err: (e as { cause?: unknown }).cause ?? String(e), method, url }, 'authentication failed');
      throw e;
    });
    const path = url.split('?')[0];
    if (isPublicPath(path)) return auth.user;
    if (auth.anonymous) throw unauthorized('anonymous requests are only allowed on /healthz, /livez, /readyz and /version');
    const attrs = requestAttributes(auth.user, method, url);
    const { decision, reason } = await o.authorizer.authorize(attrs);
    if (decision === 'allow') return auth.user;
    o.log?.debug({ user: auth.user.name, verb: attrs.verb, resource: attrs.resource, path: attrs.path, reason }, 'forbidden');
    throw forbidden(attrs, reason);
  };
}
