// Bootstrap tokens (`<6 chars>.<16 chars>`, as kubeadm): generating one, storing it as the Secret
// kube-system/bootstrap-token-<id> the API server's bootstrap authenticator reads, and the one-line
// `k8ts join …` command `k8ts token create` prints.
import { randomInt } from 'node:crypto';
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';

export interface BootstrapToken { id: string; secret: string }

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
/** The group kubeadm gives its node-join tokens (the default policy binds it for node bootstrap). */
export const DEFAULT_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export function generateToken(): BootstrapToken {
  return { id: randomString(6), secret: randomString(16) };
}

/** "abcdef.0123456789abcdef" → parts; undefined when malformed. */
export function parseToken(s: string): BootstrapToken | undefined {
  const m = TOKEN_RE.exec(s.trim());
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export const tokenString = (t: BootstrapToken): string => `${t.id}.${t.secret}`;

/** The Secret for a token valid until `expires` (data as the bootstrap token authenticator reads it). */
export function bootstrapTokenSecret(t: BootstrapToken, expires: Date, groups: string[] = [DEFAULT_TOKEN_GROUP]): V1Secret {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${t.id}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'token-id': b64(t.id),
      'token-secret': b64(t.secret),
      expiration: b64(expires.toISOString().replace(/\.\d{3}Z$/, 'Z')),
      'usage-bootstrap-authentication': b64('true'),
      'usage-bootstrap-signing': b64('true'),
      'auth-extra-groups': b64(groups.join(',')),
      description: b64('created by k8ts token create'),
    },
  };
}

/** Creates a fresh token's Secret (retrying on the unlikely id clash) and returns the token. */
export async function createBootstrapToken(kc: KubeConfig, ttlMs: number, now = Date.now()): Promise<BootstrapToken> {
  const core = kc.makeApiClient(CoreV1Api);
  for (let attempt = 0; ; attempt++) {
    const t = generateToken();
    try {
      await core.createNamespacedSecret({ namespace: 'kube-system', body: bootstrapTokenSecret(t, new Date(now + ttlMs)) });
      return t;
    } catch (e) {
      if ((e as { code?: number }).code !== 409 || attempt >= 3) throw e;
    }
  }
}

export function joinCommand(server: string, t: BootstrapToken, caHash: string): string {
  return `k8ts join ${server} --token ${tokenString(t)} --discovery-token-ca-cert-hash ${caHash}`;
}
