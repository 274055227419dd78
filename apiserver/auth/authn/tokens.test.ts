import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { authenticateToken, bearerToken } from './bearer.js';
import { bootstrapTokenAuthenticator } from './bootstrap.js';
import { parseCsvLine, parseTokenFile, staticTokenAuthenticator } from './tokenfile.js';

describe('static token file', () => {
  it.each([
    ['plain', 'a,b,c', ['a', 'b', 'c']],
    ['quoted groups', 'tok,alice,1,"g1,g2"', ['tok', 'alice', '1', 'g1,g2']],
    ['escaped quote', 'a,"x""y",c', ['a', 'x"y', 'c']],
  ])('parses a CSV line: %s', (_n, line, want) => expect(parseCsvLine(line)).toEqual(want));

  it('reads users and groups, skipping blank lines and comments', async () => {
    const users = parseTokenFile('# admin\ns3cr3t,admin,uid-1,"system:masters,devs"\n\nt2,bob,\n');
    const a = staticTokenAuthenticator(users);
    expect(await a.authenticateToken('s3cr3t')).toEqual({ name: 'admin', uid: 'uid-1', groups: ['system:masters', 'devs'] });
    expect(await a.authenticateToken('t2')).toEqual({ name: 'bob', groups: [] });
    expect(await a.authenticateToken('s3cr3')).toBeUndefined();
  });

  it.each([
    ['too few columns', 'tok,alice'],
    ['duplicate token', 'a,b,c\na,d,e'],
  ])('refuses a file with %s', (_n, text) => expect(() => parseTokenFile(text)).toThrow(/line 2|3 columns/));
});

describe('bearer tokens', () => {
  it.each([
    ['Authorization header', { authorization: 'Bearer abc' }, 'abc'],
    ['lower-case scheme', { authorization: 'bearer  abc ' }, 'abc'],
    ['empty token', { authorization: 'Bearer ' }, undefined],
    ['basic auth', { authorization: 'Basic eDp5' }, undefined],
    ['WebSocket subprotocol', { 'sec-websocket-protocol': `v5.channel.k8s.io, base64url.bearer.authorization.k8s.io.${Buffer.from('tok').toString('base64url')}` }, 'tok'],
    ['nothing', {}, undefined],
  ])('reads the token from %s', (_n, headers, want) => expect(bearerToken({ headers })).toBe(want));

  it('a token no authenticator accepts is 401 Unauthorized', async () => {
    const err = await authenticateToken([staticTokenAuthenticator(new Map())], 'x').catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).toStatus()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });
});

describe('bootstrap tokens', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const now = new Date('2026-01-01T00:00:00Z');
  const secret = (data: Record<string, string>, type = 'bootstrap.kubernetes.io/token'): Obj => ({
    metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
    type,
    data: Object.fromEntries(Object.entries({ 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true', ...data }).map(([k, v]) => [k, b64(v)])),
  });
  const auth = (s: Obj | undefined) =>
    bootstrapTokenAuthenticator({ get: async (r, ns, name) => (r === 'secrets' && ns === 'kube-system' && name === 'bootstrap-token-abcdef' ? s : undefined) }, () => now);

  it('authenticates as system:bootstrap:<id> with system:bootstrappers and the extra groups', async () => {
    const u = await auth(secret({ expiration: '2026-01-02T00:00:00Z', 'auth-extra-groups': 'system:bootstrappers:k8ts:default-node-token' })).authenticateToken('abcdef.0123456789abcdef');
    expect(u).toEqual({ name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:bootstrappers:k8ts:default-node-token'] });
  });

  it('ignores tokens of another shape', async () => {
    expect(await auth(secret({})).authenticateToken('not-a-bootstrap-token')).toBeUndefined();
  });

  it.each([
    ['expired', secret({ expiration: '2025-12-31T23:59:59Z' }), /expired/],
    ['wrong secret', secret({ 'token-secret': 'ffffffffffffffff' }), /does not match/],
    ['not for authentication', secret({ 'usage-bootstrap-authentication': 'false' }), /not usable/],
    ['wrong type', secret({}, 'Opaque'), /not of type/],
    ['bad extra group', secret({ 'auth-extra-groups': 'system:masters' }), /invalid extra group/],
    ['missing secret', undefined, /not found/],
  ])('rejects a token when %s', async (_n, s, why) => {
    const err = await auth(s).authenticateToken('abcdef.0123456789abcdef').catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(401);
    expect(String((err as ApiError).cause)).toMatch(why);
  });
});
