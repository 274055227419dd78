// Bearer tokens: taken from `Authorization: Bearer <token>` (or, for WebSocket clients that cannot
// set headers, the `base64url.bearer.authorization.k8s.io.<token>` subprotocol) and offered to each
// token authenticator in turn. A token nobody accepts is a 401, as Kubernetes' bearer filter.
import type { IncomingMessage } from 'node:http';
import type { Authenticator, UserInfo } from '../types.js';
import { unauthorized, unauthorizedReason } from '../lookup.js';

export interface TokenAuthenticator {
  /** undefined: not a token of this kind; throws ApiError('Unauthorized') when it is one but invalid. */
  authenticateToken(token: string): Promise<UserInfo | undefined>;
}

const wsPrefix = 'base64url.bearer.authorization.k8s.io.';

export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^\s*bearer\s+(.*?)\s*$/i.exec(h);
    if (m) return m[1] === '' ? undefined : m[1];
  }
  const proto = req.headers['sec-websocket-protocol'];
  if (typeof proto === 'string') {
    for (const p of proto.split(',').map((s) => s.trim())) {
      if (p.startsWith(wsPrefix)) {
        const t = Buffer.from(p.slice(wsPrefix.length), 'base64url').toString('utf8');
        if (t !== '') return t;
      }
    }
  }
  return undefined;
}

/** Tries each token authenticator; the first user wins; otherwise 401 with every reason. */
export async function authenticateToken(authenticators: TokenAuthenticator[], token: string): Promise<UserInfo> {
  const reasons: string[] = [];
  for (const a of authenticators) {
    try {
      const u = await a.authenticateToken(token);
      if (u) return u;
    } catch (e) {
      reasons.push(unauthorizedReason(e));
    }
  }
  throw unauthorized(reasons.length > 0 ? reasons.join(', ') : 'invalid bearer token');
}

export function bearerAuthenticator(authenticators: TokenAuthenticator[]): Authenticator {
  return {
    async authenticate(req) {
      const token = bearerToken(req);
      if (token === undefined) return undefined;
      return authenticateToken(authenticators, token);
    },
  };
}
