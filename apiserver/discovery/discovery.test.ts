// Discovery documents against Kubernetes 1.32: every subresource we serve is advertised with the
// verbs and response kind kube-apiserver advertises for it, in aggregated and legacy discovery.
import { describe, expect, it } from 'vitest';
import { resources } from '../registry/resources.js';
import { aggregated, compareVersions, legacyGroup, legacyGroupList, legacyResourceList, storageVersionHash } from './discovery.js';

// What kube-apiserver 1.32 lists for each subresource (verbs sorted, response kind).
const kubernetes: Record<string, { verbs: string[]; kind?: string; group?: string; version?: string }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  approval: { verbs: ['get', 'patch', 'update'] },
  scale: { verbs: ['get', 'patch', 'update'], kind: 'Scale', group: 'autoscaling', version: 'v1' },
  binding: { verbs: ['create'], kind: 'Binding', group: '', version: 'v1' },
  eviction: { verbs: ['create'], kind: 'Eviction', group: 'policy', version: 'v1' },
  log: { verbs: ['get'] },
  exec: { verbs: ['create', 'get'], kind: 'PodExecOptions', group: '', version: 'v1' },
  attach: { verbs: ['create', 'get'], kind: 'PodAttachOptions', group: '', version: 'v1' },
  portforward: { verbs: ['create', 'get'], kind: 'PodPortForwardOptions', group: '', version: 'v1' },
  finalize: { verbs: ['update'] },
  token: { verbs: ['create'], kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1' },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'] },
};

interface DiscoveredSub {
  subresource: string;
  responseKind: { group: string; version: string; kind: string };
  verbs: string[];
}
interface DiscoveredResource {
  resource: string;
  subresources?: DiscoveredSub[];
}
interface GroupDiscovery {
  metadata: { name?: string };
  versions: { version: string; resources: DiscoveredResource[] }[];
}

const subs = resources.flatMap((r) => r.subresources.map((s) => ({ r, s, id: `${r.plural}/${s}` })));

describe('subresource discovery', () => {
  it('knows every subresource in the catalogue', () => {
    expect(subs.filter(({ s }) => !(s in kubernetes)).map(({ id }) => id)).toEqual([]);
  });

  const groups = [...(aggregated('api').items as GroupDiscovery[]), ...(aggregated('apis').items as GroupDiscovery[])];

  it.each(subs)('aggregated: $id', ({ r, s }) => {
    const want = kubernetes[s]!;
    const g = groups.find((x) => (x.metadata.name ?? '') === r.group)!;
    const res = g.versions.find((v) => v.version === r.version)!.resources.find((x) => x.resource === r.plural)!;
    const got = res.subresources!.find((x) => x.subresource === s)!;
    expect([...got.verbs].sort()).toEqual(want.verbs);
    // Aggregated discovery leaves group and version empty when they are the resource's own.
    const group = want.group ?? r.group;
    const version = want.version ?? r.version;
    const own = group === r.group && version === r.version;
    expect(got.responseKind).toEqual({ group: own ? '' : group, version: own ? '' : version, kind: want.kind ?? r.kind });
  });

  it.each(subs)('legacy APIResourceList: $id', ({ r, s, id }) => {
    const want = kubernetes[s]!;
    const list = legacyResourceList(r.group, r.version)!.resources as Record<string, unknown>[];
    const got = list.find((x) => x.name === id)!;
    expect([...(got.verbs as string[])].sort()).toEqual(want.verbs);
    expect(got.kind).toBe(want.kind ?? r.kind);
    expect(got.namespaced).toBe(r.namespaced);
  });

  it('certificatesigningrequests/approval allows get, patch and update (kubectl certificate approve)', () => {
    const list = legacyResourceList('certificates.k8s.io', 'v1')!.resources as Record<string, unknown>[];
    expect(list.find((x) => x.name === 'certificatesigningrequests/approval')).toEqual({
      name: 'certificatesigningrequests/approval',
      singularName: '',
      namespaced: false,
      kind: 'CertificateSigningRequest',
      verbs: ['get', 'patch', 'update'],
    });
  });
});

describe('storageVersionHash (values served by kube-apiserver 1.32)', () => {
  const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  it.each([
    ['pods', { group: '', version: 'v1', kind: 'Pod' }, 'xPOwRZ+Yhw8='],
    ['nodes', { group: '', version: 'v1', kind: 'Node' }, 'XwShjMxG9Fs='],
    ['endpoints', { group: '', version: 'v1', kind: 'Endpoints' }, 'fWeeMqaN/OA='],
    ['events', { group: '', version: 'v1', kind: 'Event' }, 'r2yiGXH7wu8='],
    ['events.k8s.io events (stored as core Events)', { group: 'events.k8s.io', version: 'v1', kind: 'Event', storageVersion: { group: '', version: 'v1' } }, 'r2yiGXH7wu8='],
    ['limitranges', { group: '', version: 'v1', kind: 'LimitRange' }, 'EBKMFVe6cwo='],
    ['persistentvolumes', { group: '', version: 'v1', kind: 'PersistentVolume' }, 'HN/zwEC+JgM='],
    ['deployments', { group: 'apps', version: 'v1', kind: 'Deployment' }, '8aSe+NMegvE='],
  ])('%s', (_name, gvk, want) => {
    expect(storageVersionHash({ ...gvk, verbs: all })).toBe(want);
  });

  it('is advertised on stored resources only, never on subresources or reviews', () => {
    const core = legacyResourceList('', 'v1')!.resources as Record<string, unknown>[];
    expect(core.find((x) => x.name === 'pods')?.storageVersionHash).toBe('xPOwRZ+Yhw8=');
    expect(core.find((x) => x.name === 'pods/status')?.storageVersionHash).toBeUndefined();
    const authn = legacyResourceList('authentication.k8s.io', 'v1')!.resources as Record<string, unknown>[];
    expect(authn.find((x) => x.name === 'tokenreviews')).not.toHaveProperty('storageVersionHash');
  });

  it('APIGroupList items carry no kind or apiVersion of their own', () => {
    const list = legacyGroupList() as { groups: Record<string, unknown>[] };
    expect(list.groups.find((g) => g.name === 'apps')).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });
});

describe('discovery order and response kinds, as kube-apiserver 1.32 serves them', () => {
  it('lists /apis groups in Kubernetes order and each group-version\'s resources by name', () => {
    const groups = (legacyGroupList() as { groups: { name: string }[] }).groups.map((g) => g.name);
    expect(groups.indexOf('apps')).toBeLessThan(groups.indexOf('rbac.authorization.k8s.io'));
    expect(groups.indexOf('rbac.authorization.k8s.io')).toBeLessThan(groups.indexOf('coordination.k8s.io'));
    expect(groups.indexOf('coordination.k8s.io')).toBeLessThan(groups.indexOf('discovery.k8s.io'));
    const names = (legacyResourceList('', 'v1')!.resources as { name: string }[]).map((r) => r.name).filter((n) => !n.includes('/'));
    expect(names).toEqual([...names].sort());
  });

  it('aggregated responseKind: empty group and version for the resource\'s own kind, set for another group\'s', () => {
    const apps = (aggregated('apis').items as GroupDiscovery[]).find((g) => g.metadata.name === 'apps')!;
    const deployments = apps.versions[0].resources.find((r) => r.resource === 'deployments') as DiscoveredResource & { responseKind: unknown };
    expect(deployments.responseKind).toEqual({ group: '', version: '', kind: 'Deployment' });
    expect(deployments.subresources!.find((s) => s.subresource === 'scale')!.responseKind).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });
});

describe('served versions, the preferred first (Kubernetes\' version priority)', () => {
  it('orders GA before beta before alpha, higher numbers first', () => {
    expect(['v1', 'v1beta1', 'v2', 'v1alpha1', 'v2beta2', 'foo', 'v10'].sort(compareVersions)).toEqual(['v10', 'v2', 'v1', 'v2beta2', 'v1beta1', 'v1alpha1', 'foo']);
  });

  it('lists autoscaling v2 then v1, v2 preferred, in the legacy and aggregated documents', () => {
    expect(legacyGroup('autoscaling')).toMatchObject({ versions: [{ groupVersion: 'autoscaling/v2' }, { groupVersion: 'autoscaling/v1' }], preferredVersion: { version: 'v2' } });
    const items = aggregated('apis').items as { metadata: { name: string }; versions: { version: string }[] }[];
    expect(items.find((g) => g.metadata.name === 'autoscaling')?.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
    expect(items.find((g) => g.metadata.name === 'events.k8s.io')?.versions.map((v) => v.version)).toEqual(['v1']);
  });

  it('gives every version of a resource its storage version\'s hash', () => {
    const hash = (gv: [string, string], name: string) => ((legacyResourceList(...gv)!.resources as Record<string, unknown>[]).find((r) => r.name === name)!.storageVersionHash);
    expect(hash(['autoscaling', 'v1'], 'horizontalpodautoscalers')).toBe(hash(['autoscaling', 'v2'], 'horizontalpodautoscalers'));
    expect(hash(['events.k8s.io', 'v1'], 'events')).toBe('r2yiGXH7wu8=');
  });
});
