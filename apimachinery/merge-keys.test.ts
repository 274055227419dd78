import { describe, expect, it } from 'vitest';
import { isKnownKind, mergeKeyFor } from './merge-keys.js';

const g = (group: string, kind: string) => ({ group, version: 'v1', kind });
const pod = g('', 'Pod');
const deploy = g('apps', 'Deployment');
const rs = g('apps', 'ReplicaSet');

describe('mergeKeyFor', () => {
  it.each([
    [pod, 'spec.containers', 'merge', 'name', ['name']],
    [pod, 'spec.initContainers', 'merge', 'name', ['name']],
    [pod, 'spec.ephemeralContainers', 'merge', 'name', ['name']],
    [pod, 'spec.containers.env', 'merge', 'name', ['name']],
    [pod, 'spec.containers[0].ports', 'merge', 'containerPort', ['containerPort', 'protocol']],
    [pod, 'spec.containers[].volumeMounts', 'merge', 'mountPath', ['mountPath']],
    [pod, 'spec.initContainers.volumeDevices', 'merge', 'devicePath', ['devicePath']],
    [pod, 'spec.volumes', 'merge,retainKeys', 'name', ['name']],
    [pod, 'spec.imagePullSecrets', 'merge', 'name', ['name']],
    [pod, 'spec.hostAliases', 'merge', 'ip', ['ip']],
    [pod, 'spec.topologySpreadConstraints', 'merge', 'topologyKey', ['topologyKey', 'whenUnsatisfiable']],
    [pod, 'spec.resourceClaims', 'merge,retainKeys', 'name', ['name']],
    [pod, 'status.conditions', 'merge', 'type', ['type']],
    [pod, 'metadata.ownerReferences', 'merge', 'uid', ['uid']],
    [deploy, 'spec.template.spec.containers', 'merge', 'name', ['name']],
    [deploy, 'spec.template.spec.containers.env', 'merge', 'name', ['name']],
    [deploy, ['spec', 'template', 'spec', 'volumes'], 'merge,retainKeys', 'name', ['name']],
    [deploy, 'status.conditions', 'merge', 'type', ['type']],
    [deploy, 'spec.template.metadata.ownerReferences', 'merge', 'uid', ['uid']],
    [rs, 'spec.template.spec.initContainers', 'merge', 'name', ['name']],
    [rs, 'status.conditions', 'merge', 'type', ['type']],
    [g('', 'Node'), 'status.conditions', 'merge', 'type', ['type']],
    [g('', 'Node'), 'status.addresses', 'merge', 'type', ['type']],
    [g('', 'Service'), 'spec.ports', 'merge', 'port', ['port', 'protocol']],
    [g('', 'ServiceAccount'), 'secrets', 'merge', 'name', ['name']],
    [g('', 'ConfigMap'), 'metadata.ownerReferences', 'merge', 'uid', ['uid']],
    [g('coordination.k8s.io', 'Lease'), 'metadata.ownerReferences', 'merge', 'uid', ['uid']],
    [g('example.com', 'Widget'), 'metadata.ownerReferences', 'merge', 'uid', ['uid']],
    [g('storage.k8s.io', 'CSINode'), 'spec.drivers', 'merge', 'name', ['name']],
  ])('%j %j → %s by %s', (gvk, path, strategy, mergeKey, keys) => {
    expect(mergeKeyFor(gvk, path)).toEqual({ strategy, mergeKey, listType: 'map', listMapKeys: keys });
  });

  it.each([
    [pod, 'metadata.finalizers', 'merge', 'set'],
    [g('', 'Node'), 'spec.podCIDRs', 'merge', 'set'],
    [pod, 'spec.tolerations', 'atomic', 'atomic'],
    [pod, 'spec.containers.args', 'atomic', 'atomic'],
    [pod, 'spec.containers.command', 'atomic', 'atomic'],
    [pod, 'spec.containers.envFrom', 'atomic', 'atomic'],
    [g('', 'Node'), 'spec.taints', 'atomic', 'atomic'],
    [g('', 'Endpoints'), 'subsets', 'atomic', 'atomic'],
    [g('discovery.k8s.io', 'EndpointSlice'), 'endpoints', 'atomic', 'atomic'],
    [g('', 'Namespace'), 'spec.finalizers', 'atomic', 'atomic'],
    [g('storage.k8s.io', 'CSIDriver'), 'spec.volumeLifecycleModes', 'atomic', 'set'],
  ])('%j %s is %s (%s)', (gvk, path, strategy, listType) => {
    expect(mergeKeyFor(gvk, path)).toMatchObject({ strategy, listType, mergeKey: undefined });
  });

  it.each([
    [pod, 'spec.nodeName'],
    [pod, 'spec.affinity.nodeAffinity.whatever'],
    [g('', 'ConfigMap'), 'data'],
    [g('example.com', 'Widget'), 'spec.items'],
  ])('%j %s is not a known list', (gvk, path) => {
    expect(mergeKeyFor(gvk, path)).toBeUndefined();
  });

  it.each([
    ['', 'Pod', true],
    ['apps', 'Deployment', true],
    ['', 'Secret', true],
    ['', 'Event', true],
    ['discovery.k8s.io', 'EndpointSlice', true],
    ['example.com', 'Widget', false],
    ['apps', 'Pod', false],
  ])('isKnownKind(%s, %s) = %s', (group, kind, want) => {
    expect(isKnownKind({ group, version: 'v1', kind })).toBe(want);
  });
});

describe('the networking, storage and node kinds', () => {
  it.each([
    ['networking.k8s.io', 'Ingress'],
    ['networking.k8s.io', 'IngressClass'],
    ['networking.k8s.io', 'NetworkPolicy'],
    ['storage.k8s.io', 'StorageClass'],
    ['storage.k8s.io', 'CSIDriver'],
    ['storage.k8s.io', 'CSINode'],
    ['storage.k8s.io', 'CSIStorageCapacity'],
    ['storage.k8s.io', 'VolumeAttachment'],
    ['node.k8s.io', 'RuntimeClass'],
  ])('%s %s takes strategic merge patches', (group, kind) => {
    expect(isKnownKind(g(group, kind))).toBe(true);
  });
  it('keeps Ingress rules and NetworkPolicy rules atomic', () => {
    expect(mergeKeyFor(g('networking.k8s.io', 'Ingress'), 'spec.rules')).toBeUndefined();
    expect(mergeKeyFor(g('networking.k8s.io', 'NetworkPolicy'), 'spec.ingress')).toBeUndefined();
  });
});
