// Discovery documents against Kubernetes 1.32: every subresource we serve is advertised with the
// verbs and response kind kube-apiserver advertises for it, in aggregated and legacy discovery.
import { describe, expect, it } from 'vitest';
import { resources } from '../registry/resources.js';
import { aggregated, legacyResourceList } from './discovery.js';

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
    expect(got.responseKind).toEqual({ group: want.group ?? r.group, version: want.version ?? r.version, kind: want.kind ?? r.kind });
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
