// Registry authentication: WWW-Authenticate challenges (Bearer token service, Basic), and
// credentials from a dockerconfigjson (imagePullSecrets) or an explicit AuthConfig.
import type { AuthConfig } from '../runtime/index.js';

export interface Challenge { scheme: string; params: Record<string, string> }

/** Parses `Bearer realm="…",service="…",scope="…"` (and Basic) into scheme + params. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2] ?? '')) !== null) {
    if (p[0] === '') break;
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/** username/password from an AuthConfig (explicit fields win over the base64 "auth" field). */
export function basicCredentials(a: AuthConfig | undefined): { username: string; password: string } | undefined {
  if (!a) return undefined;
  if (a.username !== undefined && a.password !== undefined) return { username: a.username, password: a.password };
  if (a.auth) {
    const dec = Buffer.from(a.auth, 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i > 0) return { username: dec.slice(0, i), password: dec.slice(i + 1) };
  }
  return undefined;
}

export function basicHeader(c: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** Hosts a dockerconfigjson key can stand for: "https://index.docker.io/v1/" means docker.io. */
function normalizeConfigKey(key: string): string {
  let k = key.replace(/^https?:\/\//, '');
  k = k.split('/')[0] ?? k;
  if (k === 'index.docker.io' || k === 'registry-1.docker.io') return 'docker.io';
  return k;
}

/**
 * Credentials for `registry` from a parsed .dockerconfigjson ({"auths": {…}}) or legacy .dockercfg
 * ({host: {…}}) document; undefined when it has none for that registry.
 */
export function authFromDockerConfig(doc: unknown, registry: string): AuthConfig | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  const auths = (typeof d.auths === 'object' && d.auths !== null ? d.auths : d) as Record<string, unknown>;
  for (const [key, v] of Object.entries(auths)) {
    if (normalizeConfigKey(key) !== registry || typeof v !== 'object' || v === null) continue;
    const e = v as Record<string, unknown>;
    const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
    return { username: str(e.username), password: str(e.password), auth: str(e.auth),
      identityToken: str(e.identitytoken), registryToken: str(e.registrytoken) };
  }
  return undefined;
}
