// Compact JWS (JWT) signing and verification with node:crypto: ES256 for EC P-256 keys, RS256 for
// RSA keys, as kube-apiserver signs ServiceAccount tokens. Keys come from PEM files; the key id is
// the base64url SHA-256 of the public key's DER SubjectPublicKeyInfo, as Kubernetes computes it.
import { createHash, createPrivateKey, createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';

export type JwtAlg = 'ES256' | 'RS256';

export interface SigningKey {
  alg: JwtAlg;
  kid: string;
  key: KeyObject;
}

export interface VerifyKey {
  alg: JwtAlg;
  kid: string;
  key: KeyObject;
}

export type JwtClaims = Record<string, unknown>;

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

function algFor(key: KeyObject): JwtAlg {
  const t = key.asymmetricKeyType;
  if (t === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== 'prime256v1' && curve !== 'P-256') throw new Error(`unsupported EC curve ${String(curve)} (want P-256)`);
    return 'ES256';
  }
  if (t === 'rsa') return 'RS256';
  throw new Error(`unsupported key type ${String(t)} (want EC P-256 or RSA)`);
}

export function keyId(publicKey: KeyObject): string {
  return b64url(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
}

/** The private key (first PEM block that is one) a token signer uses. */
export function loadSigningKey(pem: string): SigningKey {
  const key = createPrivateKey(pem);
  return { alg: algFor(key), kid: keyId(createPublicKey(key)), key };
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** Every public key in a PEM bundle: PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, or private keys (their public half). */
export function loadVerifyKeys(pem: string): VerifyKey[] {
  const out: VerifyKey[] = [];
  for (const m of pem.matchAll(pemBlock)) {
    const block = m[0];
    const type = m[1];
    let pub: KeyObject;
    if (type === 'CERTIFICATE') pub = new X509Certificate(block).publicKey;
    else if (type.includes('PRIVATE KEY')) pub = createPublicKey(createPrivateKey(block));
    else pub = createPublicKey(block);
    out.push({ alg: algFor(pub), kid: keyId(pub), key: pub });
  }
  if (out.length === 0) throw new Error('no PEM public or private key found');
  return out;
}

export function signJwt(claims: JwtClaims, key: SigningKey): string {
  const header = b64url(JSON.stringify({ alg: key.alg, kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const input = Buffer.from(`${header}.${payload}`);
  const sig = sign('sha256', input, key.alg === 'ES256' ? { key: key.key, dsaEncoding: 'ieee-p1363' } : key.key);
  return `${header}.${payload}.${b64url(sig)}`;
}

export interface ParsedJwt {
  header: { alg?: unknown; kid?: unknown };
  claims: JwtClaims;
  signingInput: Buffer;
  signature: Buffer;
}

/** Splits and decodes a compact JWS; undefined when `token` is not one. */
export function parseJwt(token: string): ParsedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
    return { header: header as ParsedJwt['header'], claims: claims as JwtClaims, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

/** Whether one of `keys` signed `jwt` (alg must match the key type; kid, when given, selects keys). */
export function verifySignature(jwt: ParsedJwt, keys: VerifyKey[]): boolean {
  const alg = jwt.header.alg;
  if (alg !== 'ES256' && alg !== 'RS256') return false;
  const kid = typeof jwt.header.kid === 'string' && jwt.header.kid !== '' ? jwt.header.kid : undefined;
  const candidates = keys.filter((k) => k.alg === alg && (kid === undefined || k.kid === kid));
  for (const k of candidates) {
    const ok = verify('sha256', jwt.signingInput, alg === 'ES256' ? { key: k.key, dsaEncoding: 'ieee-p1363' } : k.key, jwt.signature);
    if (ok) return true;
  }
  return false;
}

export type TimeCheck = 'ok' | 'expired' | 'notyet' | 'missing';

/** exp / nbf against `now` (seconds), with Kubernetes' 60 s leeway for clock skew. */
export function checkTimes(claims: JwtClaims, nowSec: number, leewaySec = 60): TimeCheck {
  if (typeof claims.exp !== 'number') return 'missing';
  if (nowSec > claims.exp + leewaySec) return 'expired';
  if (typeof claims.nbf === 'number' && nowSec + leewaySec < claims.nbf) return 'notyet';
  return 'ok';
}
