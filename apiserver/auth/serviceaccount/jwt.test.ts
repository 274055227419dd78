import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadSigningKey, loadVerifyKeys, peekClaims, signJwt, verifyJwt } from './jwt.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: { export(o: object): string | Buffer }, type: string): string => k.export({ type, format: 'pem' }).toString();
const at = (sec: number): Date => new Date(sec * 1000);
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('JWT signing and verification', () => {
  it.each([
    ['EC P-256 → ES256', ec, 'ES256'],
    ['RSA → RS256', rsa, 'RS256'],
  ])('%s round-trips and verifies with the public key', async (_name, pair, alg) => {
    const key = loadSigningKey(pem(pair.privateKey, 'pkcs8'));
    expect(key.alg).toBe(alg);
    const claims = { iss: 'me', sub: 'x', aud: ['api'], exp: 100 };
    const token = await signJwt(claims, key);
    expect(decodeProtectedHeader(token)).toEqual({ alg, kid: key.kid });
    expect(peekClaims(token)).toEqual(claims);
    const pub = loadVerifyKeys(pem(pair.publicKey, 'spki'));
    expect(pub[0].kid).toBe(key.kid);
    expect(await verifyJwt(token, pub, { audiences: ['api'], now: at(50) })).toEqual({ ok: true, claims });
  });

  it('ES256 signatures are the 64-byte JOSE form (r‖s), not DER', async () => {
    const token = await signJwt({ a: 1 }, loadSigningKey(pem(ec.privateKey, 'pkcs8')));
    expect(Buffer.from(token.split('.')[2], 'base64url')).toHaveLength(64);
  });

  it('rejects a changed payload, another key, alg none and an alg that does not fit the key', async () => {
    const key = loadSigningKey(pem(ec.privateKey, 'pkcs8'));
    const token = await signJwt({ sub: 'alice', aud: 'api', exp: 100 }, key);
    const [h, p, s] = token.split('.');
    const keys = loadVerifyKeys(pem(ec.publicKey, 'spki'));
    const opts = { audiences: ['api'], now: at(50) };
    expect(await verifyJwt(`${h}.${b64({ sub: 'admin', aud: 'api', exp: 100 })}.${s}`, keys, opts)).toEqual({ ok: false, reason: 'signature' });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await verifyJwt(token, loadVerifyKeys(pem(other.publicKey, 'spki')), opts)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyJwt(`${b64({ alg: 'none' })}.${p}.`, keys, opts)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyJwt(`${b64({ alg: 'RS256' })}.${p}.${s}`, keys, opts)).toEqual({ ok: false, reason: 'signature' });
  });

  it('reads public keys from public, private and bundled PEM blocks', () => {
    const bundle = pem(ec.publicKey, 'spki') + pem(rsa.privateKey, 'pkcs1');
    const keys = loadVerifyKeys(bundle);
    expect(keys.map((k) => k.alg)).toEqual(['ES256', 'RS256']);
    expect(() => loadVerifyKeys('nothing here')).toThrow(/no PEM/);
  });

  it.each([
    ['not a JWT', 'abc'],
    ['two parts', 'a.b'],
    ['bad JSON', 'e30.bm90anNvbg.c2ln'],
  ])('peekClaims: %s → undefined', (_n, t) => expect(peekClaims(t)).toBeUndefined());

  it.each([
    ['valid', { exp: 1000, nbf: 900 }, 950, { ok: true }],
    ['within leeway after exp', { exp: 1000 }, 1059, { ok: true }],
    ['expired', { exp: 1000 }, 1061, { ok: false, reason: 'expired' }],
    ['not yet valid', { exp: 2000, nbf: 1100 }, 1000, { ok: false, reason: 'notyet' }],
    ['no exp', {}, 0, { ok: false, reason: 'missing' }],
    ['another audience', { exp: 1000, aud: 'vault' }, 950, { ok: false, reason: 'audience' }],
  ])('times and audience: %s', async (_n, claims, now, want) => {
    const key = loadSigningKey(pem(ec.privateKey, 'pkcs8'));
    const token = await signJwt({ aud: 'api', ...claims }, key);
    expect(await verifyJwt(token, loadVerifyKeys(pem(ec.publicKey, 'spki')), { audiences: ['api'], now: at(now) })).toMatchObject(want);
  });
});
