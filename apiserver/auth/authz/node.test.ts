import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import type { Attributes } from '../types.js';
import { decide, nodeIdentity } from './node.js';
import { NodeGraph, podRefs } from './node-graph.js';

const nodeA = { name: 'system:node:a', groups: ['system:nodes', 'system:authenticated'] };

function pod(name: string, node: string, spec: Obj = {}): Obj {
  return { metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }], ...spec } };
}

function graph(): NodeGraph {
  const g = new NodeGraph();
  g.upsert('/registry/pods/default/web', pod('web', 'a', {
    serviceAccountName: 'web-sa',
    imagePullSecrets: [{ name: 'pull' }],
    volumes: [
      { name: 'v1', secret: { secretName: 'vol-secret' } },
      { name: 'v2', configMap: { name: 'vol-cm' } },
      { name: 'v3', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'v4', projected: { sources: [{ secret: { name: 'proj-secret' } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
    ],
    containers: [{ name: 'c', image: 'x', env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'envfrom-cm' } }] }],
  }));
  g.upsert('/registry/pods/default/other', pod('other', 'b', { volumes: [{ name: 'v', secret: { secretName: 'b-secret' } }] }));
  return g;
}

function req(verb: string, resource: string, o: Partial<Attributes> = {}): Attributes {
  return { user: nodeA, verb, resourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace: 'default', name: '', ...o };
}

describe('podRefs', () => {
  it('collects every kind of reference', () => {
    const r = podRefs(pod('p', 'a', { volumes: [{ name: 'v', projected: { sources: [{ secret: { name: 's' } }] } }], imagePullSecrets: [{ name: 'ps' }] }));
    expect([...r.secrets].sort()).toEqual(['ps', 's']);
    expect([...r.serviceaccounts]).toEqual(['default']);
  });
});

describe('Node authorizer', () => {
  const g = graph();
  it.each<[string, Attributes, 'allow' | 'noopinion']>([
    ['get a secret its pod mounts', req('get', 'secrets', { name: 'vol-secret' }), 'allow'],
    ['get a projected secret', req('get', 'secrets', { name: 'proj-secret' }), 'allow'],
    ['get an env secret', req('get', 'secrets', { name: 'env-secret' }), 'allow'],
    ['get an image pull secret', req('get', 'secrets', { name: 'pull' }), 'allow'],
    ['watch one referenced secret by name', req('watch', 'secrets', { name: 'vol-secret' }), 'allow'],
    ['get a secret only another node uses', req('get', 'secrets', { name: 'b-secret' }), 'noopinion'],
    ['get an unreferenced secret', req('get', 'secrets', { name: 'nope' }), 'noopinion'],
    ['list all secrets', req('list', 'secrets'), 'noopinion'],
    ['referenced secret in another namespace', req('get', 'secrets', { name: 'vol-secret', namespace: 'kube-system' }), 'noopinion'],
    ['write a referenced secret', req('update', 'secrets', { name: 'vol-secret' }), 'noopinion'],
    ['get a mounted configmap', req('get', 'configmaps', { name: 'vol-cm' }), 'allow'],
    ['get kube-root-ca.crt via projection', req('get', 'configmaps', { name: 'kube-root-ca.crt' }), 'allow'],
    ['get an envFrom configmap', req('get', 'configmaps', { name: 'envfrom-cm' }), 'allow'],
    ['get a claimed PVC', req('get', 'persistentvolumeclaims', { name: 'data' }), 'allow'],
    ['token for its pod ServiceAccount', req('create', 'serviceaccounts', { name: 'web-sa', subresource: 'token' }), 'allow'],
    ['token for another ServiceAccount', req('create', 'serviceaccounts', { name: 'admin', subresource: 'token' }), 'noopinion'],
    ['update own node', req('update', 'nodes', { name: 'a', namespace: '' }), 'allow'],
    ['patch own node status', req('patch', 'nodes', { name: 'a', namespace: '', subresource: 'status' }), 'allow'],
    ['update another node', req('update', 'nodes', { name: 'b', namespace: '' }), 'noopinion'],
    ['patch another node status', req('patch', 'nodes', { name: 'b', namespace: '', subresource: 'status' }), 'noopinion'],
    ['list nodes', req('list', 'nodes', { namespace: '' }), 'allow'],
    ['watch pods', req('watch', 'pods', { namespace: '' }), 'allow'],
    ['patch status of its pod', req('patch', 'pods', { name: 'web', subresource: 'status' }), 'allow'],
    ['patch status of another node pod', req('patch', 'pods', { name: 'other', subresource: 'status' }), 'noopinion'],
    ['delete its pod', req('delete', 'pods', { name: 'web' }), 'allow'],
    ['delete another node pod', req('delete', 'pods', { name: 'other' }), 'noopinion'],
    ['update a pod spec', req('update', 'pods', { name: 'web' }), 'noopinion'],
    ['own lease', req('update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'a' }), 'allow'],
    ['another node lease', req('update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'b' }), 'noopinion'],
    ['a lease elsewhere', req('update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-system', name: 'a' }), 'noopinion'],
    ['watch CSIDrivers', req('watch', 'csidrivers', { apiGroup: 'storage.k8s.io', namespace: '' }), 'allow'],
    ['list RuntimeClasses', req('list', 'runtimeclasses', { apiGroup: 'node.k8s.io', namespace: '' }), 'allow'],
    ['delete a RuntimeClass', req('delete', 'runtimeclasses', { apiGroup: 'node.k8s.io', namespace: '', name: 'runc' }), 'noopinion'],
    ['create a CSINode', req('create', 'csinodes', { apiGroup: 'storage.k8s.io', namespace: '' }), 'allow'],
    ['update its own CSINode', req('update', 'csinodes', { apiGroup: 'storage.k8s.io', namespace: '', name: 'a' }), 'allow'],
    ["update another node's CSINode", req('update', 'csinodes', { apiGroup: 'storage.k8s.io', namespace: '', name: 'b' }), 'noopinion'],
    ['create events', req('create', 'events'), 'allow'],
    ['create CSRs', req('create', 'certificatesigningrequests', { apiGroup: 'certificates.k8s.io', namespace: '' }), 'allow'],
    ['read services', req('list', 'services', { namespace: '' }), 'allow'],
    ['read endpointslices', req('watch', 'endpointslices', { apiGroup: 'discovery.k8s.io', namespace: '' }), 'allow'],
    ['create deployments', req('create', 'deployments', { apiGroup: 'apps' }), 'noopinion'],
  ])('%s', (_n, attrs, want) => {
    expect(decide(g, 'a', attrs).decision).toBe(want);
  });

  it('explains a missing relationship', () => {
    expect(decide(g, 'a', req('get', 'secrets', { name: 'nope' })).reason).toBe("no relationship found between node 'a' and this object");
  });

  it('follows pods moving and leaving', () => {
    const g2 = graph();
    g2.remove('/registry/pods/default/web');
    expect(decide(g2, 'a', req('get', 'secrets', { name: 'vol-secret' })).decision).toBe('noopinion');
    g2.upsert('/registry/pods/default/other', pod('other', 'a', { volumes: [{ name: 'v', secret: { secretName: 'b-secret' } }] }));
    expect(decide(g2, 'a', req('get', 'secrets', { name: 'b-secret' })).decision).toBe('allow');
    expect(decide(g2, 'b', req('get', 'secrets', { name: 'b-secret' })).decision).toBe('noopinion');
  });

  it.each([
    [{ name: 'system:node:a', groups: ['system:nodes'] }, 'a'],
    [{ name: 'system:node:a', groups: [] }, undefined],
    [{ name: 'alice', groups: ['system:nodes'] }, undefined],
  ])('identity %o → %s', (user, want) => {
    expect(nodeIdentity(user)).toBe(want);
  });
});
