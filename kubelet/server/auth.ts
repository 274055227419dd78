// Authentication and authorization of the kubelet's server, as the kubelet does it: with a client
// CA, a request must carry a client certificate signed by it (user = CN, groups = O; else 401),
// and the user must be allowed <verb> on nodes/<subresource> of this node (else 403), asked of the
// API server with a SubjectAccessReview; answers are cached briefly. Verb from the HTTP method
// (GET → get, POST → create, ...); subresource from the path: /stats, /metrics, /logs, /spec,
// everything else (containerLogs, exec, attach, portForward, pods, healthz) → proxy.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthorizationV1Api } from '@kubernetes/client-node';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage } from '../host/index.js';

export interface KubeletUser { name: string; groups: string[] }

export interface NodeAttributes { verb: string; subresource: string }

export type Decision = { allowed: true } | { allowed: false; code: 401 | 403; message: string };

/** Asks whether `user` may `verb` nodes/`subresource` on this node. */
export type NodeAuthorizer = (user: KubeletUser, attrs: NodeAttributes) => Promise<{ allowed: boolean; reason: string }>;

export function requestAttributes(method: string | undefined, path: string): NodeAttributes {
  const verbs: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
  const under = (p: string): boolean => path === p || path.startsWith(`${p}/`);
  const subresource = under('/stats') ? 'stats' : under('/metrics') ? 'metrics' : under('/logs') ? 'log' : under('/spec') ? 'spec' : 'proxy';
  return { verb: verbs[(method ?? 'GET').toUpperCase()] ?? '', subresource };
}

/** The verified client certificate's identity, or undefined (no certificate, or not from the CA). */
export function certificateUser(req: IncomingMessage): KubeletUser | undefined {
  const sock = req.socket as TLSSocket;
  if (typeof sock.getPeerCertificate !== 'function' || !sock.authorized) return undefined;
  const cert = sock.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const o = cert.subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { name: Array.isArray(cn) ? cn[0]! : cn, groups: [...groups, 'system:authenticated'] };
}

/** Authn + authz of one request (undefined authorizer: any authenticated user is allowed). */
export async function checkRequest(req: IncomingMessage, authorize: NodeAuthorizer | undefined): Promise<Decision> {
  const user = certificateUser(req);
  if (!user) return { allowed: false, code: 401, message: 'Unauthorized' };
  if (!authorize) return { allowed: true };
  const attrs = requestAttributes(req.method, new URL(req.url ?? '/', 'https://kubelet').pathname);
  const d = await authorize(user, attrs);
  if (d.allowed) return { allowed: true };
  const why = `Forbidden (user=${user.name}, verb=${attrs.verb}, resource=nodes, subresource=${attrs.subresource})`;
  return { allowed: false, code: 403, message: d.reason ? `${why}: ${d.reason}` : why };
}

export interface SarAuthorizerOptions {
  api: AuthorizationV1Api;
  nodeName: string;
  log: Logger;
  /** How long answers are reused (allowed / denied), as the kubelet's webhook cache does. */
  allowTtlMs?: number;
  denyTtlMs?: number;
  now?: () => number;
}

/** A NodeAuthorizer backed by SubjectAccessReviews (authorization.k8s.io/v1) with a small cache. */
export function sarAuthorizer(o: SarAuthorizerOptions): NodeAuthorizer {
  const cache = new Map<string, { until: number; allowed: boolean; reason: string }>();
  const now = o.now ?? Date.now;
  return async (user, attrs) => {
    const key = JSON.stringify([user.name, [...user.groups].sort(), attrs.verb, attrs.subresource]);
    const hit = cache.get(key);
    if (hit && hit.until > now()) return { allowed: hit.allowed, reason: hit.reason };
    let allowed = false;
    let reason = '';
    try {
      const r = await o.api.createSubjectAccessReview({ body: {
        apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
        spec: { user: user.name, groups: user.groups,
          resourceAttributes: { verb: attrs.verb, group: '', version: 'v1', resource: 'nodes', subresource: attrs.subresource, name: o.nodeName } },
      } });
      allowed = r.status?.allowed === true;
      reason = r.status?.reason ?? '';
    } catch (err) {
      // Not cached: the next request asks again.
      o.log.warn({ err: errorMessage(err) }, 'SubjectAccessReview failed');
      return { allowed: false, reason: `authorization check failed: ${errorMessage(err)}` };
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, { until: now() + (allowed ? o.allowTtlMs ?? 60_000 : o.denyTtlMs ?? 10_000), allowed, reason });
    return { allowed, reason };
  };
}
