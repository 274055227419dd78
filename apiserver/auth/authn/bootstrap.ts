// Bootstrap tokens (--enable-bootstrap-token-auth): `<id>.<secret>` bearer tokens backed by Secrets
// kube-system/bootstrap-token-<id> of type bootstrap.kubernetes.io/token, as kubeadm creates them.
// User system:bootstrap:<id>, groups system:bootstrappers plus the secret's auth-extra-groups.
import { timingSafeEqual } from 'node:crypto';
import { isObj } from '../../../apimachinery/objects.js';
import type { UserInfo } from '../types.js';
import type { TokenAuthenticator } from './bearer.js';
import { type ObjectGetter, unauthorized } from '../lookup.js';

export const bootstrapTokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const bootstrapTokenSecretType = 'bootstrap.kubernetes.io/token';

function dataOf(secret: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(secret.data)) for (const [k, v] of Object.entries(secret.data)) if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
  // stringData never reaches storage, but tolerate objects written without encoding.
  if (isObj(secret.stringData)) for (const [k, v] of Object.entries(secret.stringData)) if (typeof v === 'string' && out[k] === undefined) out[k] = v;
  return out;
}

export function bootstrapTokenAuthenticator(objects: ObjectGetter, clock: () => Date = () => new Date()): TokenAuthenticator {
  return {
    async authenticateToken(token) {
      const m = bootstrapTokenPattern.exec(token);
      if (!m) return undefined;
      const [, id, secretPart] = m;
      const secret = await objects.get('secrets', 'kube-system', `bootstrap-token-${id}`);
      if (!secret) throw unauthorized(`bootstrap token secret kube-system/bootstrap-token-${id} not found`);
      if (secret.type !== bootstrapTokenSecretType) throw unauthorized(`secret kube-system/bootstrap-token-${id} is not of type ${bootstrapTokenSecretType}`);
      const meta = isObj(secret.metadata) ? secret.metadata : {};
      if (meta.deletionTimestamp !== undefined) throw unauthorized(`bootstrap token ${id} is being deleted`);
      const d = dataOf(secret);
      if (d['token-id'] !== id) throw unauthorized(`bootstrap token secret ${id} has token-id ${String(d['token-id'])}`);
      const want = Buffer.from(d['token-secret'] ?? '');
      const got = Buffer.from(secretPart);
      if (want.length !== got.length || !timingSafeEqual(want, got)) throw unauthorized(`bootstrap token ${id}: secret does not match`);
      if (d.expiration !== undefined) {
        const exp = Date.parse(d.expiration);
        if (Number.isNaN(exp) || exp <= clock().getTime()) throw unauthorized(`bootstrap token ${id} has expired`);
      }
      if (d['usage-bootstrap-authentication'] !== 'true') throw unauthorized(`bootstrap token ${id} is not usable for authentication`);
      const groups = ['system:bootstrappers'];
      for (const g of (d['auth-extra-groups'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g)) throw unauthorized(`bootstrap token ${id}: invalid extra group ${g}`);
        if (!groups.includes(g)) groups.push(g);
      }
      const user: UserInfo = { name: `system:bootstrap:${id}`, groups };
      return user;
    },
  };
}
