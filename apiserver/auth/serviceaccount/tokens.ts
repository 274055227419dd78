// ServiceAccount tokens as Kubernetes issues and checks them: JWTs with iss, sub
// (system:serviceaccount:<ns>:<name>), aud, exp, iat, nbf, jti and the private "kubernetes.io"
// claim naming the namespace, the ServiceAccount and the object the token is bound to (a Pod, a
// Secret, a Node). Verification rejects tokens whose ServiceAccount or bound object is gone or was
// recreated (uid differs).
import { randomUUID } from 'node:crypto';
import { isObj, type Obj } from '../../../apimachinery/objects.js';
import type { UserInfo } from '../types.js';
import { type ObjectGetter, unauthorized } from '../lookup.js';
import { type JwtClaims, type SigningKey, type VerifyFailure, type VerifyKey, peekClaims, signJwt, verifyJwt } from './jwt.js';

export const defaultIssuer = 'https://kubernetes.default.svc.cluster.local';

export interface Ref {
  name: string;
  uid: string;
}

export interface TokenClaimsInput {
  issuer: string;
  audiences: string[];
  namespace: string;
  serviceAccount: Ref;
  pod?: Ref;
  secret?: Ref;
  node?: Ref;
  expirationSeconds: number;
  now: Date;
}

export function tokenClaims(i: TokenClaimsInput): JwtClaims {
  const iat = Math.floor(i.now.getTime() / 1000);
  const k8s: Record<string, unknown> = { namespace: i.namespace, serviceaccount: { name: i.serviceAccount.name, uid: i.serviceAccount.uid } };
  if (i.pod) k8s.pod = { name: i.pod.name, uid: i.pod.uid };
  if (i.secret) k8s.secret = { name: i.secret.name, uid: i.secret.uid };
  if (i.node) k8s.node = { name: i.node.name, uid: i.node.uid };
  return {
    aud: i.audiences,
    exp: iat + i.expirationSeconds,
    iat,
    iss: i.issuer,
    jti: randomUUID(),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: `system:serviceaccount:${i.namespace}:${i.serviceAccount.name}`,
  };
}

export async function issueToken(key: SigningKey, input: TokenClaimsInput): Promise<{ token: string; expirationTimestamp: string }> {
  const claims = tokenClaims(input);
  return { token: await signJwt(claims, key), expirationTimestamp: new Date((claims.exp as number) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export function serviceAccountUser(namespace: string, name: string, uid: string | undefined, extra?: Record<string, string[]>): UserInfo {
  const u: UserInfo = { name: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`] };
  if (uid) u.uid = uid;
  if (extra && Object.keys(extra).length > 0) u.extra = extra;
  return u;
}

export interface VerifierOptions {
  /** Issuers whose tokens are ours; the first is the one we sign with. */
  issuers: string[];
  /** Audiences the API server accepts (default: the issuer). */
  audiences: string[];
  keys: VerifyKey[];
  objects: ObjectGetter;
  clock?: () => Date;
}

function ref(v: unknown): Ref | undefined {
  return isObj(v) && typeof v.name === 'string' && typeof v.uid === 'string' ? { name: v.name, uid: v.uid } : undefined;
}

function uidOf(o: Obj): string {
  return isObj(o.metadata) ? String(o.metadata.uid ?? '') : '';
}

/** Checks a bound object still exists with the same uid and is not past its deletion. */
async function checkBound(objects: ObjectGetter, resource: 'pods' | 'secrets' | 'nodes', namespace: string | undefined, r: Ref, now: Date): Promise<void> {
  const kind = resource.slice(0, -1);
  const o = await objects.get(resource, namespace, r.name);
  if (!o) throw unauthorized(`${kind} "${r.name}" bound to the token not found`);
  if (uidOf(o) !== r.uid) throw unauthorized(`${kind} "${r.name}" bound to the token has uid ${uidOf(o)}, token has ${r.uid}`);
  const del = isObj(o.metadata) ? o.metadata.deletionTimestamp : undefined;
  if (typeof del === 'string' && Date.parse(del) < now.getTime()) throw unauthorized(`${kind} "${r.name}" bound to the token has been deleted`);
}

const failureMessages: Record<VerifyFailure, string> = {
  signature: 'invalid bearer token: token signature is invalid',
  expired: 'service account token has expired',
  notyet: 'service account token is not valid yet',
  missing: 'service account token has no expiry',
  audience: 'token audiences do not match the API server audiences',
  malformed: 'service account token claims are malformed',
};

/**
 * A token authenticator for ServiceAccount JWTs: undefined when the token is not a JWT from one of
 * our issuers, a user when valid, and an Unauthorized ApiError when it is ours but not valid.
 */
export function serviceAccountTokenAuthenticator(o: VerifierOptions): { authenticateToken(token: string): Promise<UserInfo | undefined> } {
  const clock = o.clock ?? (() => new Date());
  return {
    async authenticateToken(token) {
      const peeked = peekClaims(token);
      if (!peeked || typeof peeked.iss !== 'string' || !o.issuers.includes(peeked.iss)) return undefined;
      const now = clock();
      const verified = await verifyJwt(token, o.keys, { audiences: o.audiences, now });
      if (!verified.ok) throw unauthorized(failureMessages[verified.reason]);
      const c = verified.claims;
      const k = isObj(c['kubernetes.io']) ? c['kubernetes.io'] : undefined;
      const sa = k && ref(k.serviceaccount);
      const ns = k && typeof k.namespace === 'string' ? k.namespace : undefined;
      if (!k || !sa || !ns || c.sub !== `system:serviceaccount:${ns}:${sa.name}`) throw unauthorized('service account token claims are malformed');
      const live = await o.objects.get('serviceaccounts', ns, sa.name);
      if (!live) throw unauthorized(`service account ${ns}/${sa.name} not found`);
      if (uidOf(live) !== sa.uid) throw unauthorized(`service account uid (${sa.uid}) does not match the current one (${uidOf(live)})`);
      const extra: Record<string, string[]> = {};
      const pod = ref(k.pod);
      const secret = ref(k.secret);
      const node = ref(k.node);
      if (pod) {
        await checkBound(o.objects, 'pods', ns, pod, now);
        extra['authentication.kubernetes.io/pod-name'] = [pod.name];
        extra['authentication.kubernetes.io/pod-uid'] = [pod.uid];
      }
      if (secret) await checkBound(o.objects, 'secrets', ns, secret, now);
      if (node) {
        await checkBound(o.objects, 'nodes', undefined, node, now);
        extra['authentication.kubernetes.io/node-name'] = [node.name];
        extra['authentication.kubernetes.io/node-uid'] = [node.uid];
      }
      if (typeof c.jti === 'string') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${c.jti}`];
      return serviceAccountUser(ns, sa.name, sa.uid, extra);
    },
  };
}
