import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../apimachinery/errors.js';
import type { Attributes, Authorizer, UserInfo } from '../types.js';
import { forbidden, requestAttributes } from './attributes.js';
import { bearerAuthenticator } from './bearer.js';
import { newRequestAuthenticator } from './chain.js';
import { alwaysAllow, newRequestFilter } from './filter.js';
import { staticTokenAuthenticator } from './tokenfile.js';
import { userFromCertificate, x509Authenticator } from './x509.js';

const bob: UserInfo = { name: 'bob', groups: ['devs'] };

function fakeReq(method: string, url: string, headers: Record<string, string> = {}, socket: object = {}): IncomingMessage {
  return { method, url, headers, socket } as unknown as IncomingMessage;
}

describe('request attributes', () => {
  it.each([
    ['create in a namespace', 'POST', '/api/v1/namespaces/default/pods', { verb: 'create', resource: 'pods', namespace: 'default', name: '', apiGroup: '' }],
    ['get one deployment', 'GET', '/apis/apps/v1/namespaces/x/deployments/web', { verb: 'get', resource: 'deployments', apiGroup: 'apps', apiVersion: 'v1', namespace: 'x', name: 'web' }],
    ['list across namespaces', 'GET', '/api/v1/pods', { verb: 'list', resource: 'pods', namespace: '' }],
    ['watch one node by field selector', 'GET', '/api/v1/nodes?watch=true&fieldSelector=metadata.name%3Dn1', { verb: 'watch', resource: 'nodes', name: 'n1' }],
    ['exec over a WebSocket GET is create', 'GET', '/api/v1/namespaces/d/pods/p/exec?command=sh', { verb: 'create', resource: 'pods', subresource: 'exec', name: 'p' }],
    ['pod status patch', 'PATCH', '/api/v1/namespaces/d/pods/p/status', { verb: 'patch', subresource: 'status' }],
    ['a namespace is its own scope', 'GET', '/api/v1/namespaces/foo', { verb: 'get', resource: 'namespaces', name: 'foo', namespace: 'foo' }],
    ['deletecollection', 'DELETE', '/api/v1/namespaces/d/configmaps', { verb: 'deletecollection', resource: 'configmaps' }],
  ])('%s', (_n, method, url, want) => {
    const a = requestAttributes(bob, method, url);
    expect(a.resourceRequest).toBe(true);
    expect(a).toMatchObject(want);
  });

  it.each([
    ['/healthz', 'GET', 'get'],
    ['/apis/apps/v1', 'GET', 'get'],
    ['/api', 'GET', 'get'],
    ['/openapi/v3/apis/apps/v1?hash=X', 'GET', 'get'],
    ['/logs', 'POST', 'post'],
  ])('non-resource path %s', (url, method, verb) => {
    const a = requestAttributes(bob, method, url);
    expect(a).toMatchObject({ resourceRequest: false, verb, path: url.split('?')[0] });
  });
});

describe('403 messages as kube-apiserver words them', () => {
  it.each([
    ['POST', '/api/v1/namespaces/default/pods', '', 'pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "default"'],
    ['GET', '/apis/apps/v1/namespaces/x/deployments/web', '', 'deployments.apps "web" is forbidden: User "bob" cannot get resource "deployments" in API group "apps" in the namespace "x"'],
    ['GET', '/api/v1/nodes', '', 'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope'],
    ['POST', '/api/v1/namespaces/d/pods/p/exec', '', 'pods "p" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "d"'],
    ['GET', '/metrics', '', 'forbidden: User "bob" cannot get path "/metrics"'],
    ['GET', '/api/v1/secrets', 'no relationship found', 'secrets is forbidden: User "bob" cannot list resource "secrets" in API group "" at the cluster scope: no relationship found'],
  ])('%s %s', (method, url, reason, want) => {
    const e = forbidden(requestAttributes(bob, method, url), reason);
    expect(e.code).toBe(403);
    expect(e.reason).toBe('Forbidden');
    expect(e.message).toBe(want);
  });

  it('names the resource in details', () => {
    expect(forbidden(requestAttributes(bob, 'GET', '/apis/apps/v1/namespaces/x/deployments/web'), '').toStatus().details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
  });
});

describe('x509 client certificates', () => {
  const tlsSocket = (cert: object, authorized: boolean) => ({ getPeerCertificate: () => cert, authorized, authorizationError: authorized ? null : 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });

  it('maps CN to the user and O to groups', () => {
    expect(userFromCertificate({ subject: { CN: 'system:node:n1', O: 'system:nodes' } as never })).toEqual({ name: 'system:node:n1', groups: ['system:nodes'] });
    expect(userFromCertificate({ subject: { CN: 'alice', O: ['a', 'b'] } as never })).toEqual({ name: 'alice', groups: ['a', 'b'] });
  });

  it.each([
    ['no TLS', {}, 'none'],
    ['no certificate', tlsSocket({}, false), 'none'],
    ['a verified client certificate', tlsSocket({ subject: { CN: 'alice' }, ext_key_usage: ['1.3.6.1.5.5.7.3.2'] }, true), 'alice'],
    ['an unverified certificate', tlsSocket({ subject: { CN: 'alice' } }, false), 401],
    ['a server-only certificate', tlsSocket({ subject: { CN: 'alice' }, ext_key_usage: ['1.3.6.1.5.5.7.3.1'] }, true), 401],
  ])('%s', async (_n, socket, want) => {
    const got = await x509Authenticator()
      .authenticate(fakeReq('GET', '/api', {}, socket))
      .then((u) => u?.name ?? 'none', (e: ApiError) => e.code);
    expect(got).toBe(want);
  });
});

describe('the request filter', () => {
  const tokens = bearerAuthenticator([staticTokenAuthenticator(new Map([['tok-bob', bob]]))]);
  const seen: Attributes[] = [];
  const onlyGets: Authorizer = {
    authorize: async (a) => {
      seen.push(a);
      return a.verb === 'get' ? { decision: 'allow', reason: '' } : { decision: 'noopinion', reason: '' };
    },
  };
  const filter = newRequestFilter({ authenticator: newRequestAuthenticator({ authenticators: [tokens], anonymous: true }), authorizer: onlyGets });
  const outcome = (req: IncomingMessage) => filter(req).then((u) => u.name, (e: ApiError) => `${e.code} ${e.message}`);

  it.each([
    ['anonymous on the API', fakeReq('GET', '/api/v1/namespaces/d/pods/p'), '401 Unauthorized'],
    ['anonymous on /healthz', fakeReq('GET', '/healthz'), 'system:anonymous'],
    ['anonymous on /readyz/etcd', fakeReq('GET', '/readyz/etcd'), 'system:anonymous'],
    ['anonymous on /version?timeout=32s', fakeReq('GET', '/version?timeout=32s'), 'system:anonymous'],
    ['a wrong token even on /healthz', fakeReq('GET', '/healthz', { authorization: 'Bearer nope' }), '401 Unauthorized'],
    ['bob may get', fakeReq('GET', '/api/v1/namespaces/d/pods/p', { authorization: 'Bearer tok-bob' }), 'bob'],
    ['bob may not create', fakeReq('POST', '/api/v1/namespaces/d/pods', { authorization: 'Bearer tok-bob' }), '403 pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "d"'],
  ])('%s', async (_n, req, want) => expect(await outcome(req)).toBe(want));

  it('gives authenticated users system:authenticated and asks the authorizer with it', async () => {
    seen.length = 0;
    await filter(fakeReq('GET', '/api/v1/namespaces/d/pods/p', { authorization: 'Bearer tok-bob' }));
    expect(seen[0].user).toEqual({ name: 'bob', groups: ['devs', 'system:authenticated'] });
  });

  it('with anonymous auth off, no credentials is 401 everywhere', async () => {
    const f = newRequestFilter({ authenticator: newRequestAuthenticator({ authenticators: [tokens], anonymous: false }), authorizer: alwaysAllow });
    expect(await f(fakeReq('GET', '/healthz')).catch((e: ApiError) => e.code)).toBe(401);
  });

  it('with no authenticator configured, every request is system:unsecured (system:masters)', async () => {
    const f = newRequestFilter({ authenticator: newRequestAuthenticator({ authenticators: [], anonymous: true }), authorizer: alwaysAllow });
    expect(await f(fakeReq('DELETE', '/api/v1/namespaces/d'))).toEqual({ name: 'system:unsecured', groups: ['system:masters', 'system:authenticated'] });
  });
});
