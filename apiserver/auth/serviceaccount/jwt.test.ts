import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkTimes, loadSigningKey, loadVerifyKeys, parseJwt, signJwt, verifySignature } from './jwt.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: { export(o: object): string | Buffer }, type: string): string => k.export({ type, format: 'pem' }).toString();

describe('JWT signing and verification', () => {
  it.each([
    ['EC P-256 → ES256', ec, 'ES256'],
    ['RSA → RS256', rsa, 'RS256'],
  ])('%s round-trips and verifies with the public key', (_name, pair, alg) => {
    const key = loadSigningKey(pem(pair.privateKey, 'pkcs8'));
    expect(key.alg).toBe(alg);
    const token = signJwt({ iss: 'me', sub: 'x', exp: 100 }, key);
    const jwt = parseJwt(token)!;
    expect(jwt.header).toEqual({ alg, kid: key.kid });
    expect(jwt.claims).toEqual({ iss: 'me', sub: 'x', exp: 100 });
    const pub = loadVerifyKeys(pem(pair.publicKey, 'spki'));
    expect(pub[0].kid).toBe(key.kid);
    expect(verifySignature(jwt, pub)).toBe(true);
  });

  it('ES256 signatures are the 64-byte JOSE form (r‖s), not DER', () => {
    const token = signJwt({ a: 1 }, loadSigningKey(pem(ec.privateKey, 'pkcs8')));
    expect(Buffer.from(token.split('.')[2], 'base64url')).toHaveLength(64);
  });

  it('rejects a changed payload, another key, and an alg that does not fit the key', () => {
    const key = loadSigningKey(pem(ec.privateKey, 'pkcs8'));
    const token = signJwt({ sub: 'alice' }, key);
    const [h, , s] = token.split('.');
    const forged = parseJwt(`${h}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${s}`)!;
    const keys = loadVerifyKeys(pem(ec.publicKey, 'spki'));
    expect(verifySignature(forged, keys)).toBe(false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifySignature(parseJwt(token)!, loadVerifyKeys(pem(other.publicKey, 'spki')))).toBe(false);
    const none = parseJwt(`${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${token.split('.')[1]}.`)!;
    expect(verifySignature(none, keys)).toBe(false);
    const hs = parseJwt(`${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${token.split('.')[1]}.${s}`)!;
    expect(verifySignature(hs, keys)).toBe(false);
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
  ])('parseJwt: %s → undefined', (_n, t) => expect(parseJwt(t)).toBeUndefined());

  it.each([
    ['valid', { exp: 1000, nbf: 900 }, 950, 'ok'],
    ['within leeway after exp', { exp: 1000 }, 1059, 'ok'],
    ['expired', { exp: 1000 }, 1061, 'expired'],
    ['not yet valid', { exp: 2000, nbf: 1100 }, 1000, 'notyet'],
    ['no exp', {}, 0, 'missing'],
  ])('checkTimes: %s', (_n, claims, now, want) => expect(checkTimes(claims, now)).toBe(want));
});
