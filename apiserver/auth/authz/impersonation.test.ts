import { describe, expect, it } from 'vitest';
import type { Attributes, UserInfo } from '../types.js';
import { impersonate } from './impersonation.js';

const admin: UserInfo = { name: 'root', groups: ['admins', 'system:authenticated'] };
const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] };
const asked: string[] = [];
// Admins may impersonate anyone; alice only user "bob".
const authorizer = {
  authorize: async (a: Attributes) => {
    asked.push(`${a.verb} ${a.apiGroup}/${a.resource}${a.subresource ? '/' + a.subresource : ''} ${a.namespace}/${a.name}`);
    const ok = a.user.groups.includes('admins') || (a.resource === 'users' && a.name === 'bob');
    return { decision: ok ? ('allow' as const) : ('noopinion' as const), reason: '' };
  },
};

describe('impersonate', () => {
  it('passes the requester through without headers', async () => {
    expect(await impersonate({}, alice, authorizer)).toBe(alice);
  });

  it.each<[string, Record<string, string | string[]>, UserInfo]>([
    ['a user gets system:authenticated', { 'impersonate-user': 'bob' }, { name: 'bob', groups: ['system:authenticated'] }],
    ['groups are taken as given', { 'impersonate-user': 'bob', 'impersonate-group': ['devs', 'ops'] }, { name: 'bob', groups: ['devs', 'ops', 'system:authenticated'] }],
    ['a service account gets its groups', { 'impersonate-user': 'system:serviceaccount:team:ci' }, { name: 'system:serviceaccount:team:ci', groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'] }],
    ['uid and extra', { 'impersonate-user': 'bob', 'impersonate-uid': 'u1', 'impersonate-extra-scopes': ['a', 'b'] }, { name: 'bob', uid: 'u1', groups: ['system:authenticated'], extra: { scopes: ['a', 'b'] } }],
  ])('%s', async (_n, headers, want) => {
    expect(await impersonate(headers, admin, authorizer)).toEqual(want);
  });

  it('checks every part with the impersonate verb', async () => {
    asked.length = 0;
    await impersonate({ 'impersonate-user': 'system:serviceaccount:team:ci', 'impersonate-group': 'devs', 'impersonate-extra-scopes': 'a' }, admin, authorizer);
    expect(asked).toEqual(['impersonate /serviceaccounts team/ci', 'impersonate /groups /devs', 'impersonate authentication.k8s.io/userextras/scopes /a']);
  });

  it('refuses what the requester may not impersonate, worded as Kubernetes', async () => {
    await expect(impersonate({ 'impersonate-user': 'carol' }, alice, authorizer)).rejects.toThrow('users "carol" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    await expect(impersonate({ 'impersonate-user': 'bob', 'impersonate-group': 'system:masters' }, alice, authorizer)).rejects.toThrow('groups "system:masters" is forbidden');
  });

  it('refuses groups without a user (400)', async () => {
    await expect(impersonate({ 'impersonate-group': 'devs' }, admin, authorizer)).rejects.toMatchObject({ code: 400 });
  });
});
