// ServiceAccount tokens for projected volumes, as the kubelet's token manager: a TokenRequest
// (serviceaccounts/<sa>/token, bound to the pod, with the source's audience and expirationSeconds)
// through the API; tokens are cached per pod + source and requested again once 80% of their life
// (or 24 h) has passed. A failed refresh keeps serving the old token while it is still valid.
import type { AuthenticationV1TokenRequest, V1Pod, V1ServiceAccountTokenProjection } from '@kubernetes/client-node';
import { errorMessage } from '../host/index.js';

export type TokenRequester = (namespace: string, serviceAccount: string, req: AuthenticationV1TokenRequest) => Promise<AuthenticationV1TokenRequest>;

interface Cached { token: string; issuedAt: number; expiresAt: number }

/** A token, or why there is none (the volume cannot be set up yet). */
export type TokenResult = { ok: true; token: string } | { ok: false; message: string };

const MAX_AGE_MS = 24 * 3600_000;

export class TokenManager {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly request: TokenRequester, private readonly now: () => number = Date.now) {}

  /** The token for `src` in `pod`, from the cache while fresh, else by a new TokenRequest. */
  async get(pod: V1Pod, src: V1ServiceAccountTokenProjection): Promise<TokenResult> {
    const ns = pod.metadata?.namespace ?? 'default';
    const sa = pod.spec?.serviceAccountName || pod.spec?.serviceAccount || 'default';
    const exp = src.expirationSeconds ?? 3600;
    const uid = pod.metadata?.uid ?? '';
    const key = [uid, ns, sa, src.audience ?? '', exp].join('/');
    const now = this.now();
    const c = this.cache.get(key);
    if (c && !this.needsRefresh(c, now)) return { ok: true, token: c.token };
    try {
      const res = await this.request(ns, sa, {
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
        spec: {
          audiences: src.audience ? [src.audience] : [],
          expirationSeconds: exp,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid },
        },
      });
      const token = res.status?.token;
      if (!token) return c && c.expiresAt > now ? { ok: true, token: c.token } : { ok: false, message: `the TokenRequest for serviceaccount ${ns}/${sa} returned no token` };
      const t = res.status?.expirationTimestamp;
      const expiresAt = t ? new Date(t).getTime() : now + exp * 1000;
      this.cache.set(key, { token, issuedAt: now, expiresAt: Number.isFinite(expiresAt) ? expiresAt : now + exp * 1000 });
      return { ok: true, token };
    } catch (err) {
      if (c && c.expiresAt > now) return { ok: true, token: c.token };
      return { ok: false, message: `failed to fetch token: ${errorMessage(err)}` };
    }
  }

  /** When the cached token for a pod is due for renewal (for the pod worker's next pass). */
  nextRefresh(uid: string): number | undefined {
    let at: number | undefined;
    for (const [k, c] of this.cache) {
      if (!k.startsWith(`${uid}/`)) continue;
      const due = Math.min(c.issuedAt + 0.8 * (c.expiresAt - c.issuedAt), c.issuedAt + MAX_AGE_MS);
      at = at === undefined ? due : Math.min(at, due);
    }
    return at;
  }

  forgetPod(uid: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`${uid}/`)) this.cache.delete(k);
  }

  private needsRefresh(c: Cached, now: number): boolean {
    return now >= c.issuedAt + 0.8 * (c.expiresAt - c.issuedAt) || now - c.issuedAt > MAX_AGE_MS;
  }
}
