import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';
import type { AdmissionRequest, UserInfo } from '../types.js';
import { csrRequestor, csrSignerPermissions } from './csr.js';
import type { Attributes } from '../types.js';
import { nodeRestriction } from './node-restriction.js';
import { priorityAdmission } from './priority.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';

const nodeA: UserInfo = { name: 'system:node:a', groups: ['system:nodes', 'system:authenticated'] };
const alice: UserInfo = { name: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { scopes: ['x'] } };

function req(o: Partial<AdmissionRequest>): AdmissionRequest {
  return { operation: 'UPDATE', user: nodeA, group: '', version: 'v1', resource: 'nodes', subresource: '', namespace: '', name: '', ...o };
}

const pod = (node: string, annotations: Record<string, string> = {}): Obj => ({ metadata: { name: 'p', namespace: 'default', annotations }, spec: { nodeName: node } });

describe('NodeRestriction', () => {
  const plugin = nodeRestriction();
  it.each<[string, AdmissionRequest, string | undefined]>([
    ['update own node', req({ name: 'a' }), undefined],
    ['update own node status', req({ name: 'a', subresource: 'status' }), undefined],
    ['update another node', req({ name: 'b' }), 'nodes "b" is forbidden: node "a" is not allowed to modify node "b"'],
    ['create itself', req({ operation: 'CREATE', object: { metadata: { name: 'a' } } }), undefined],
    ['create another node', req({ operation: 'CREATE', object: { metadata: { name: 'c' } } }), 'nodes "c" is forbidden: node "a" is not allowed to modify node "c"'],
    ['delete another node', req({ operation: 'DELETE', name: 'b' }), 'nodes "b" is forbidden: node "a" is not allowed to modify node "b"'],
    ['status of its pod', req({ resource: 'pods', subresource: 'status', name: 'p', namespace: 'default', oldObject: pod('a'), object: pod('a') }), undefined],
    ['status of another node pod', req({ resource: 'pods', subresource: 'status', name: 'p', namespace: 'default', oldObject: pod('b'), object: pod('b') }), 'pods "p" is forbidden: node "a" can only update pod status for pods with spec.nodeName set to itself'],
    ['pod spec update', req({ resource: 'pods', name: 'p', namespace: 'default', oldObject: pod('a'), object: pod('a') }), 'pods "p" is forbidden: node "a" can only update pod status'],
    ['delete its pod', req({ operation: 'DELETE', resource: 'pods', name: 'p', namespace: 'default', oldObject: pod('a') }), undefined],
    ['delete another node pod', req({ operation: 'DELETE', resource: 'pods', name: 'p', namespace: 'default', oldObject: pod('b') }), 'pods "p" is forbidden: node "a" can only delete pods with spec.nodeName set to itself'],
    ['create a mirror pod on itself', req({ operation: 'CREATE', resource: 'pods', namespace: 'default', object: pod('a', { 'kubernetes.io/config.mirror': 'x' }) }), undefined],
    ['create a plain pod', req({ operation: 'CREATE', resource: 'pods', namespace: 'default', object: pod('a') }), 'pods "p" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "a" can only create mirror pods'],
    ['create a mirror pod elsewhere', req({ operation: 'CREATE', resource: 'pods', namespace: 'default', object: pod('b', { 'kubernetes.io/config.mirror': 'x' }) }), 'pods "p" is forbidden: node "a" can only create pods with spec.nodeName set to itself'],
    ['own lease', req({ group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'a' }), undefined],
    ['another node lease', req({ group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'b' }), 'leases.coordination.k8s.io "b" is forbidden: can only access node lease with the same name as the requesting node'],
    ['not a node: anything goes', req({ user: alice, name: 'b' }), undefined],
  ])('%s', async (_n, r, want) => {
    const p = plugin.validate!(r);
    if (want === undefined) await expect(p).resolves.toBeUndefined();
    else await expect(p).rejects.toThrow(want);
  });
});

describe('CSR requestor', () => {
  it('records the authenticated user, whatever the client sent', async () => {
    const object: Obj = { metadata: { name: 'c' }, spec: { username: 'root', groups: ['system:masters'], request: 'x' } };
    await csrRequestor().admit!(req({ operation: 'CREATE', user: alice, group: 'certificates.k8s.io', resource: 'certificatesigningrequests', object }));
    expect(object.spec).toEqual({ username: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { scopes: ['x'] }, request: 'x' });
  });
});

describe('Priority admission', () => {
  const classes: Record<string, Obj> = {
    high: { metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' },
    base: { metadata: { name: 'base' }, value: 10, globalDefault: true },
  };
  const store = {
    get: async (key: string) => {
      const o = classes[key.split('/').pop()!];
      return o ? { key, object: o, rv: '1' } : undefined;
    },
    list: async () => ({ items: Object.values(classes).map((object) => ({ key: '', object, rv: '1' })), rv: '1' }),
  } as unknown as Store;
  const plugin = priorityAdmission({ store });
  const create = (spec: Obj): AdmissionRequest => req({ operation: 'CREATE', user: alice, resource: 'pods', namespace: 'default', object: { metadata: { name: 'p' }, spec } });

  it('resolves priorityClassName to spec.priority and preemptionPolicy', async () => {
    const r = create({ priorityClassName: 'high' });
    await plugin.admit!(r);
    expect(r.object!.spec).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' });
  });
  it('applies the globalDefault class without a name', async () => {
    const r = create({});
    await plugin.admit!(r);
    expect(r.object!.spec).toMatchObject({ priorityClassName: 'base', priority: 10 });
  });
  it('rejects an unknown class', async () => {
    await expect(plugin.admit!(create({ priorityClassName: 'nope' }))).rejects.toThrow('pods "p" is forbidden: no PriorityClass with name nope was found');
  });
  it.each([
    ['a second globalDefault class', 'other', true, 'PriorityClass base is already marked as default. Only one default can exist'],
    ['the default class itself, updated', 'base', true, undefined],
    ['a class that is not the default', 'other', false, undefined],
  ])('globalDefault uniqueness: %s', async (_what, name, globalDefault, error) => {
    const r = req({ operation: 'CREATE', user: alice, group: 'scheduling.k8s.io', resource: 'priorityclasses', name, object: { metadata: { name }, value: 5, globalDefault } });
    if (error) await expect(plugin.validate!(r)).rejects.toThrow(error);
    else await expect(plugin.validate!(r)).resolves.toBeUndefined();
  });
  it('rejects a priority that contradicts the class', async () => {
    await expect(plugin.admit!(create({ priorityClassName: 'high', priority: 5 }))).rejects.toThrow('the integer value of priority (5) must not be provided in pod spec');
  });
});

describe('CSR approve/sign permissions', () => {
  const asked: string[] = [];
  const authorizer = {
    authorize: async (a: Attributes) => {
      asked.push(`${a.verb} ${a.resource}/${a.name}`);
      return { decision: a.user.name === 'approver' && a.name === 'example.com/*' ? ('allow' as const) : ('noopinion' as const), reason: '' };
    },
  };
  const plugin = csrSignerPermissions({ authorizer });
  const csr = (conditions: Obj[], certificate?: string): Obj => ({ metadata: { name: 'c' }, spec: { signerName: 'example.com/x' }, status: { conditions, certificate } });
  const approve = (user: UserInfo, sub = 'approval', object = csr([{ type: 'Approved', status: 'True' }])): AdmissionRequest =>
    req({ user, group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: sub, name: 'c', oldObject: csr([]), object });

  it('lets a user with approve on the signer domain approve', async () => {
    await expect(plugin.validate!(approve({ name: 'approver', groups: [] }))).resolves.toBeUndefined();
    expect(asked).toContain('approve signers/example.com/x');
  });
  it('refuses a user without approve', async () => {
    await expect(plugin.validate!(approve(alice))).rejects.toThrow('certificatesigningrequests.certificates.k8s.io "c" is forbidden: user not permitted to approve requests with signerName "example.com/x"');
  });
  it('refuses issuing a certificate without sign', async () => {
    await expect(plugin.validate!(approve(alice, 'status', csr([], 'Y2VydA==')))).rejects.toThrow('user not permitted to sign requests with signerName "example.com/x"');
  });
  it('ignores writes that change neither approval nor certificate', async () => {
    await expect(plugin.validate!(approve(alice, 'approval', csr([])))).resolves.toBeUndefined();
  });
});

describe('NamespaceLifecycle', () => {
  const plugin = namespaceLifecycle();
  it.each<[string, AdmissionRequest, string | undefined]>([
    ['delete default', req({ operation: 'DELETE', user: alice, resource: 'namespaces', name: 'default' }), 'namespaces "default" is forbidden: this namespace may not be deleted'],
    ['delete kube-system', req({ operation: 'DELETE', user: alice, resource: 'namespaces', name: 'kube-system' }), 'namespaces "kube-system" is forbidden: this namespace may not be deleted'],
    ['delete kube-public', req({ operation: 'DELETE', user: alice, resource: 'namespaces', name: 'kube-public' }), 'namespaces "kube-public" is forbidden: this namespace may not be deleted'],
    ['delete kube-node-lease (re-created later)', req({ operation: 'DELETE', user: alice, resource: 'namespaces', name: 'kube-node-lease' }), undefined],
    ['delete another namespace', req({ operation: 'DELETE', user: alice, resource: 'namespaces', name: 'team' }), undefined],
    ['update default', req({ operation: 'UPDATE', user: alice, resource: 'namespaces', name: 'default' }), undefined],
    ['delete a configmap named default', req({ operation: 'DELETE', user: alice, resource: 'configmaps', namespace: 'x', name: 'default' }), undefined],
  ])('%s', async (_n, r, want) => {
    const p = plugin.validate!(r);
    if (want === undefined) await expect(p).resolves.toBeUndefined();
    else await expect(p).rejects.toThrow(want);
  });
});
