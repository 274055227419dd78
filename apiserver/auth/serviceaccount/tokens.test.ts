import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import type { ObjectGetter } from '../lookup.js';
import { loadSigningKey, loadVerifyKeys, signJwt } from './jwt.js';
import { defaultIssuer, issueToken, serviceAccountTokenAuthenticator, tokenClaims } from './tokens.js';
import { answerTokenRequest } from './token-request.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key = loadSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const keys = loadVerifyKeys(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const now = new Date('2026-01-01T00:00:00Z');

function objects(items: Record<string, Obj>): ObjectGetter {
  return { get: async (resource, ns, name) => items[`${resource}/${ns ?? ''}/${name}`] };
}

const sa = { metadata: { name: 'robot', namespace: 'ns1', uid: 'sa-uid' } };
const pod = { metadata: { name: 'p', namespace: 'ns1', uid: 'pod-uid' }, spec: { serviceAccountName: 'robot' } };
const world = { 'serviceaccounts/ns1/robot': sa, 'pods/ns1/p': pod };

async function token(extra: Partial<Parameters<typeof issueToken>[1]> = {}, at = now): Promise<string> {
  return (await issueToken(key, { issuer: defaultIssuer, audiences: [defaultIssuer], namespace: 'ns1', serviceAccount: { name: 'robot', uid: 'sa-uid' }, expirationSeconds: 3600, now: at, ...extra })).token;
}

const verifier = (items: Record<string, Obj> = world, at = now) =>
  serviceAccountTokenAuthenticator({ issuers: [defaultIssuer], audiences: [defaultIssuer], keys, objects: objects(items), clock: () => at });

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toBe('Unauthorized');
    return String((e as ApiError).cause);
  }
}

describe('ServiceAccount tokens', () => {
  it('carries the Kubernetes claims', () => {
    const c = tokenClaims({ issuer: 'iss', audiences: ['a'], namespace: 'ns1', serviceAccount: { name: 'robot', uid: 'u' }, pod: { name: 'p', uid: 'pu' }, expirationSeconds: 600, now });
    expect(c).toMatchObject({ iss: 'iss', aud: ['a'], sub: 'system:serviceaccount:ns1:robot', iat: 1767225600, nbf: 1767225600, exp: 1767226200, 'kubernetes.io': { namespace: 'ns1', serviceaccount: { name: 'robot', uid: 'u' }, pod: { name: 'p', uid: 'pu' } } });
    expect(typeof c.jti).toBe('string');
  });

  it('authenticates a valid token as the ServiceAccount', async () => {
    const u = await verifier().authenticateToken(await token({ pod: { name: 'p', uid: 'pod-uid' } }));
    expect(u).toMatchObject({ name: 'system:serviceaccount:ns1:robot', uid: 'sa-uid', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1'] });
    expect(u?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['p']);
    expect(u?.extra?.['authentication.kubernetes.io/pod-uid']).toEqual(['pod-uid']);
  });

  it('ignores tokens that are not ours (not a JWT, another issuer)', async () => {
    expect(await verifier().authenticateToken('abcdef.0123456789abcdef')).toBeUndefined();
    expect(await verifier().authenticateToken(await signJwt({ iss: 'https://elsewhere', exp: 9e9 }, key))).toBeUndefined();
  });

  it.each([
    ['the ServiceAccount is gone', () => token(), { 'pods/ns1/p': pod }, now, /service account ns1\/robot not found/],
    ['the ServiceAccount was recreated', () => token(), { 'serviceaccounts/ns1/robot': { metadata: { ...sa.metadata, uid: 'new' } } }, now, /does not match/],
    ['the bound pod is gone', () => token({ pod: { name: 'p', uid: 'pod-uid' } }), { 'serviceaccounts/ns1/robot': sa }, now, /pod "p" bound to the token not found/],
    ['the bound pod was recreated', () => token({ pod: { name: 'p', uid: 'old' } }), world, now, /pod "p" bound to the token has uid/],
    ['it expired', () => token(), world, new Date(now.getTime() + 3600_000 + 61_000), /expired/],
    ['another audience', () => token({ audiences: ['vault'] }), world, now, /audiences/],
  ])('rejects a token when %s', async (_n, make, items, at, want) => {
    expect(await reason(verifier(items as Record<string, Obj>, at).authenticateToken(await make()))).toMatch(want);
  });

  it('rejects a token signed by another key', async () => {
    const other = loadSigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const forged = (await issueToken(other, { issuer: defaultIssuer, audiences: [defaultIssuer], namespace: 'ns1', serviceAccount: { name: 'robot', uid: 'sa-uid' }, expirationSeconds: 3600, now })).token;
    expect(await reason(verifier().authenticateToken(forged))).toMatch(/signature/);
  });
});

describe('TokenRequest', () => {
  const deps = { key, issuer: defaultIssuer, audiences: [defaultIssuer], objects: objects(world), clock: () => now };

  it('defaults to one hour and the API audiences, and answers with a working token', async () => {
    const r = await answerTokenRequest(deps, sa, { spec: {} });
    expect(r).toMatchObject({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: 'robot', namespace: 'ns1' }, spec: { audiences: [defaultIssuer], expirationSeconds: 3600 }, status: { expirationTimestamp: '2026-01-01T01:00:00Z' } });
    const token = (r.status as { token: string }).token;
    expect((await verifier().authenticateToken(token))?.name).toBe('system:serviceaccount:ns1:robot');
  });

  it.each([
    ['too short', { expirationSeconds: 60 }, 'Invalid', 'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes'],
    ['bound pod runs as another SA', { boundObjectRef: { kind: 'Pod', name: 'q' } }, 'BadRequest', 'cannot bind token for serviceaccount "robot" to pod running with different serviceaccount name.'],
    ['bound pod uid differs', { boundObjectRef: { kind: 'Pod', name: 'p', uid: 'x' } }, 'Conflict', 'does not match the UID in record'],
    ['bound pod missing', { boundObjectRef: { kind: 'Pod', name: 'zz' } }, 'NotFound', 'pods "zz" not found'],
    ['unsupported bound kind', { boundObjectRef: { kind: 'ConfigMap', name: 'c' } }, 'Invalid', 'spec.boundObjectRef.kind: Unsupported value: "ConfigMap"'],
  ])('refuses a request when %s', async (_n, spec, reason, msg) => {
    const items = { ...world, 'pods/ns1/q': { metadata: { name: 'q', uid: 'q' }, spec: { serviceAccountName: 'other' } } };
    const err = await answerTokenRequest({ ...deps, objects: objects(items) }, sa, { spec }).catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe(reason);
    expect((err as ApiError).message).toContain(msg);
  });

  it('caps the duration at --service-account-max-token-expiration', async () => {
    const r = await answerTokenRequest({ ...deps, maxExpirationSeconds: 1200 }, sa, { spec: { expirationSeconds: 86400 } });
    expect((r.spec as { expirationSeconds: number }).expirationSeconds).toBe(1200);
  });
});
