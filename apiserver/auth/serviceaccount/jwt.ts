// JWT signing and verification with jose: ES256 for EC P-256 keys, RS256 for RSA keys, as
// kube-apiserver signs ServiceAccount tokens. Keys come from PEM files (read with node:crypto, which
// knows PKCS#1, SEC1, PKCS#8, SPKI and certificates); the key id is the base64url SHA-256 of the
// public key's DER SubjectPublicKeyInfo, as Kubernetes computes it.
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, errors as jose, jwtVerify } from 'jose';

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
  return Buffer.from(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest()).toString('base64url');
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

/** A compact JWS with header {alg, kid} and `claims` as its payload, exactly as given. */
export async function signJwt(claims: JwtClaims, key: SigningKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.key);
}

/** The claims of a compact JWS without checking it; undefined when `token` is not a JWT. */
export function peekClaims(token: string): JwtClaims | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

export interface VerifyOptions {
  /** Audiences accepted (the token must carry one of them). */
  audiences: string[];
  now: Date;
  /** Clock skew allowed on exp and nbf; Kubernetes allows 60 s. */
  leewaySec?: number;
}

export type VerifyFailure = 'signature' | 'expired' | 'notyet' | 'missing' | 'audience' | 'malformed';
export type VerifyResult = { ok: true; claims: JwtClaims } | { ok: false; reason: VerifyFailure };

function failure(err: unknown): VerifyFailure {
  if (err instanceof jose.JWTExpired) return 'expired';
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'notyet';
    if (err.claim === 'exp') return 'missing';
    if (err.claim === 'aud') return 'audience';
    return 'malformed';
  }
  if (err instanceof jose.JWSSignatureVerificationFailed || err instanceof jose.JOSEAlgNotAllowed) return 'signature';
  return 'malformed';
}

/**
 * Verifies `token` against `keys` (its alg must fit the key type; its kid, when given, selects keys),
 * then exp (required), nbf and aud. The signature is checked before any claim.
 */
export async function verifyJwt(token: string, keys: VerifyKey[], o: VerifyOptions): Promise<VerifyResult> {
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const alg = header.alg;
  const kid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
  const candidates = keys.filter((k) => k.alg === alg && (kid === undefined || k.kid === kid));
  let last: VerifyFailure = 'signature';
  for (const k of candidates) {
    try {
      const { payload } = await jwtVerify(token, k.key, {
        algorithms: [k.alg],
        audience: o.audiences,
        currentDate: o.now,
        clockTolerance: o.leewaySec ?? 60,
        requiredClaims: ['exp'],
      });
      return { ok: true, claims: payload };
    } catch (err) {
      last = failure(err);
      if (last !== 'signature') return { ok: false, reason: last };
    }
  }
  return { ok: false, reason: last };
}
