import { describe, expect, it } from 'vitest';
import type { Attributes, UserInfo } from '../types.js';
import { appliesTo, compactRule, ruleAllows, uncovered, type PolicyRule, type Subject } from './rules.js';

const alice: UserInfo = { name: 'alice', groups: ['devs', 'system:authenticated'] };

function res(verb: string, resource: string, o: Partial<Attributes> = {}): Attributes {
  return { user: alice, verb, resourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace: 'default', name: '', ...o };
}
function url(verb: string, path: string): Attributes {
  return { user: alice, verb, resourceRequest: false, path, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

const podsRead: PolicyRule = { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] };

describe('ruleAllows', () => {
  it.each<[string, PolicyRule, Attributes, boolean]>([
    ['exact verb, group and resource', podsRead, res('get', 'pods'), true],
    ['verb not listed', podsRead, res('create', 'pods'), false],
    ['other group', podsRead, res('get', 'pods', { apiGroup: 'apps' }), false],
    ['a subresource is not the resource', podsRead, res('get', 'pods', { subresource: 'log' }), false],
    ['pods/log names the subresource', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, res('get', 'pods', { subresource: 'log' }), true],
    ['pods/log does not grant pods', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, res('get', 'pods'), false],
    ['*/status matches any status', { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }, res('update', 'deployments', { apiGroup: 'apps', subresource: 'status' }), true],
    ['*/status does not match scale', { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }, res('update', 'deployments', { apiGroup: 'apps', subresource: 'scale' }), false],
    ['* verbs, groups and resources', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, res('delete', 'widgets', { apiGroup: 'x.io', subresource: 'status' }), true],
    ['resourceNames: listed name', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, res('get', 'secrets', { name: 'a' }), true],
    ['resourceNames: other name', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, res('get', 'secrets', { name: 'b' }), false],
    ['resourceNames: list has no name', { verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, res('list', 'secrets'), false],
    ['nonResourceURL exact', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, url('get', '/healthz'), true],
    ['nonResourceURL prefix *', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, url('get', '/apis/apps/v1'), true],
    ['nonResourceURL prefix does not match its parent', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, url('get', '/api'), false],
    ['nonResourceURL rule never matches a resource request', { verbs: ['*'], nonResourceURLs: ['*'] }, res('get', 'pods'), false],
    ['resource rule never matches a URL', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, url('get', '/healthz'), false],
  ])('%s', (_name, rule, attrs, want) => {
    expect(ruleAllows(attrs, rule)).toBe(want);
  });
});

describe('appliesTo', () => {
  const sa: UserInfo = { name: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:team'] };
  it.each<[string, UserInfo, Subject, string, boolean]>([
    ['user by name', alice, { kind: 'User', name: 'alice' }, '', true],
    ['other user', alice, { kind: 'User', name: 'bob' }, '', false],
    ['group member', alice, { kind: 'Group', name: 'devs' }, '', true],
    ['not a group member', alice, { kind: 'Group', name: 'ops' }, '', false],
    ['service account with namespace', sa, { kind: 'ServiceAccount', name: 'builder', namespace: 'team' }, '', true],
    ['service account defaults to the binding namespace', sa, { kind: 'ServiceAccount', name: 'builder' }, 'team', true],
    ['service account in another namespace', sa, { kind: 'ServiceAccount', name: 'builder', namespace: 'other' }, '', false],
    ['a user named like a service account is one', sa, { kind: 'User', name: 'system:serviceaccount:team:builder' }, '', true],
  ])('%s', (_n, user, subject, ns, want) => {
    expect(appliesTo(user, subject, ns)).toBe(want);
  });
});

describe('uncovered (escalation)', () => {
  it.each<[string, PolicyRule[], PolicyRule[], number]>([
    ['same rule', [podsRead], [podsRead], 0],
    ['subset of verbs', [podsRead], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], 0],
    ['extra verb', [podsRead], [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] }], 1],
    ['star owner covers anything', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['escalate'], apiGroups: ['x'], resources: ['y/z'] }], 0],
    ['a star request needs a star owner', [podsRead], [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }], 1],
    ['named owner does not cover unnamed', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }], 1],
    ['unnamed owner covers named', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }], 0],
    ['*/status owner covers deployments/status', [{ verbs: ['get'], apiGroups: ['apps'], resources: ['*/status'] }], [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments/status'] }], 0],
    ['URL prefix covers longer URL', [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/logs/a'] }], 0],
    ['URL not covered', [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }], 1],
    ['each missing verb × resource counts', [], [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'secrets'] }], 4],
  ])('%s', (_n, owner, requested, missing) => {
    expect(uncovered(owner, requested)).toHaveLength(missing);
  });

  it('prints missing rules in Kubernetes compact form', () => {
    expect(compactRule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] })).toBe('{APIGroups:[""], Resources:["pods"], Verbs:["create"]}');
    expect(compactRule({ verbs: ['get'], nonResourceURLs: ['/x'] })).toBe('{NonResourceURLs:["/x"], Verbs:["get"]}');
  });
});
