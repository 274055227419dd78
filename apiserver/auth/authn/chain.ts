// The request authenticator: client certificate, then bearer tokens, then anonymous, as
// kube-apiserver's union. The first credential that verifies names the user (who also gets group
// system:authenticated); a credential that fails and nothing else succeeding is a 401. With no
// authenticator configured at all (plain HTTP test servers) every request is system:unsecured, a
// member of system:masters, as the old insecure port was.
import type { IncomingMessage } from 'node:http';
import type { Authenticator, UserInfo } from '../types.js';
import { unauthorized, unauthorizedReason } from '../lookup.js';

export interface Authentication {
  user: UserInfo;
  /** True for system:anonymous (no credential at all). */
  anonymous: boolean;
}

export interface RequestAuthenticator {
  authenticate(req: IncomingMessage): Promise<Authentication>;
}

export const anonymousUser: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
export const unsecuredUser: UserInfo = { name: 'system:unsecured', groups: ['system:masters', 'system:authenticated'] };

/** Adds system:authenticated, as Kubernetes does for every authenticated user. */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  if (u.groups.includes('system:authenticated') || u.name === 'system:anonymous' || u.groups.includes('system:unauthenticated')) return u;
  return { ...u, groups: [...u.groups, 'system:authenticated'] };
}

export function newRequestAuthenticator(opts: { authenticators: Authenticator[]; anonymous: boolean }): RequestAuthenticator {
  if (opts.authenticators.length === 0) {
    return { authenticate: async () => ({ user: { ...unsecuredUser, groups: [...unsecuredUser.groups] }, anonymous: false }) };
  }
  return {
    async authenticate(req) {
      const reasons: string[] = [];
      for (const a of opts.authenticators) {
        try {
          const u = await a.authenticate(req);
          if (u) return { user: withAuthenticatedGroup(u), anonymous: false };
        } catch (e) {
          reasons.push(unauthorizedReason(e));
        }
      }
      if (reasons.length > 0) throw unauthorized(reasons.join(', '));
      if (!opts.anonymous) throw unauthorized('no credentials and anonymous authentication is disabled');
      return { user: { ...anonymousUser, groups: [...anonymousUser.groups] }, anonymous: true };
    },
  };
}
