import { describe, expect, it } from 'vitest';
import { clusterRoleBindingPrinter, csrCondition, csrPrinter, priorityClassPrinter, roleBindingPrinter, rolePrinter } from './auth.js';

const now = new Date('2026-01-01T12:00:00Z');
const created = '2026-01-01T11:55:00Z';

describe('rbac printers', () => {
  it('Role: NAME CREATED AT (RFC3339)', () => {
    expect(rolePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(rolePrinter.print({ metadata: { name: 'r', creationTimestamp: created } }, { now }).cells).toEqual(['r', '2026-01-01T11:55:00Z']);
  });

  it('RoleBinding: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS', () => {
    const b = {
      metadata: { name: 'b', creationTimestamp: created },
      roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'team' },
      ],
    };
    expect(roleBindingPrinter.columns.map((c) => [c.name, c.priority])).toEqual([['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]]);
    expect(roleBindingPrinter.print(b, { now }).cells).toEqual(['b', 'ClusterRole/view', '5m', 'alice, bob', 'devs', 'team/sa']);
    expect(clusterRoleBindingPrinter.print(b, { now }).cells[1]).toBe('ClusterRole/view');
  });
});

describe('CSR printer', () => {
  it.each([
    [[], '', 'Pending'],
    [[{ type: 'Approved' }], '', 'Approved'],
    [[{ type: 'Approved' }], 'Y2VydA==', 'Approved,Issued'],
    [[{ type: 'Denied' }], '', 'Denied'],
    [[{ type: 'Approved' }, { type: 'Failed' }], '', 'Approved,Failed'],
  ])('conditions %j, certificate %s → %s', (conditions, certificate, want) => {
    expect(csrCondition({ status: { conditions, certificate } })).toBe(want);
  });

  it('prints NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION', () => {
    expect(csrPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
    const csr = { metadata: { name: 'node-csr', creationTimestamp: created }, spec: { signerName: 'kubernetes.io/kube-apiserver-client-kubelet', username: 'system:bootstrap:abcdef', expirationSeconds: 86400 }, status: {} };
    expect(csrPrinter.print(csr, { now }).cells).toEqual(['node-csr', '5m', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '24h', 'Pending']);
    expect(csrPrinter.print({ metadata: { name: 'x', creationTimestamp: created }, spec: {} }, { now }).cells[4]).toBe('<none>');
  });
});

describe('PriorityClass printer', () => {
  it('prints NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY', () => {
    const pc = { metadata: { name: 'system-node-critical', creationTimestamp: created }, value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' };
    expect(priorityClassPrinter.print(pc, { now }).cells).toEqual(['system-node-critical', 2000001000, false, '5m', 'PreemptLowerPriority']);
  });
});
