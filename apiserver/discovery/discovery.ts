// Discovery documents: /version, aggregated discovery (apidiscovery.k8s.io/v2) on /api and /apis,
// and the legacy APIVersions / APIGroupList / APIResourceList documents. Pure functions of the
// resource catalogue.
import { createHash } from 'node:crypto';
import { type ResourceInfo, resources, groupVersion } from '../registry/resources.js';

export const aggregatedContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4+k8ts',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-21T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

interface SubresourceKind {
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

function subresourceKind(info: ResourceInfo, sub: string): SubresourceKind {
  const self = { group: info.group, version: info.version, kind: info.kind };
  switch (sub) {
    case 'status':
    case 'approval':
    case 'ephemeralcontainers':
      return { ...self, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    case 'binding':
      return { group: '', version: 'v1', kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'log':
      return { ...self, verbs: ['get'] };
    case 'exec':
      return { group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'] };
    case 'attach':
      return { group: '', version: 'v1', kind: 'PodAttachOptions', verbs: ['create', 'get'] };
    case 'portforward':
      return { group: '', version: 'v1', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] };
    case 'finalize':
      return { ...self, verbs: ['update'] };
    case 'token':
      return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };
    default:
      return { ...self, verbs: ['get'] };
  }
}

/** kube-apiserver 1.32's order of the built-in groups in /apis (the aggregator's group priorities). */
const groupOrder = [
  'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io',
];

/** Group names in the order Kubernetes advertises them (core handled separately); others after, by name. */
export function apiGroups(): string[] {
  const seen: string[] = [];
  for (const r of resources) if (r.group !== '' && !seen.includes(r.group)) seen.push(r.group);
  const rank = (g: string): number => (groupOrder.includes(g) ? groupOrder.indexOf(g) : groupOrder.length);
  return seen.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A group-version's resources sorted by name, as Kubernetes lists them. */
function resourcesOf(group: string, version?: string): ResourceInfo[] {
  return resources.filter((r) => r.group === group && (version === undefined || r.version === version)).sort((a, b) => a.plural.localeCompare(b.plural));
}

/** responseKind as aggregated discovery gives it: group and version empty when they are the resource's own. */
function responseKind(r: ResourceInfo, k: { group: string; version: string; kind: string }): { group: string; version: string; kind: string } {
  return k.group === r.group && k.version === r.version ? { group: '', version: '', kind: k.kind } : { group: k.group, version: k.version, kind: k.kind };
}

function discoveryResource(r: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.plural,
    responseKind: responseKind(r, r),
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames) out.shortNames = r.shortNames;
  if (r.categories) out.categories = r.categories;
  if (r.subresources.length > 0)
    out.subresources = r.subresources.map((s) => {
      const k = subresourceKind(r, s);
      return { subresource: s, responseKind: responseKind(r, k), verbs: k.verbs };
    });
  return out;
}

/** Kubernetes' version priority (CRDs' and the built-in groups' order): GA before beta before alpha, higher numbers first, others last by name. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(beta|alpha)(\d+))?$/.exec(v);
    return m ? [m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])] : undefined;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  return pb[0] - pa[0] || pb[1] - pa[1] || pb[2] - pa[2];
}

/** A group's served versions, the preferred one first. */
function versionsOf(group: string): string[] {
  return [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))].sort(compareVersions);
}

function groupDiscovery(group: string): Record<string, unknown> {
  const rs = resourcesOf(group);
  const versions = versionsOf(group);
  return {
    metadata: group === '' ? {} : { name: group },
    versions: versions.map((v) => ({
      version: v,
      freshness: 'Current',
      resources: rs.filter((r) => r.version === v).map(discoveryResource),
    })),
  };
}

/** Aggregated discovery for /api (core) or /apis (named groups). */
export function aggregated(which: 'api' | 'apis'): Record<string, unknown> {
  const items = which === 'api' ? [groupDiscovery('')] : apiGroups().map(groupDiscovery);
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function legacyAPIVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupVersions(group: string): { groupVersion: string; version: string }[] {
  return versionsOf(group).map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
}

export function legacyGroup(group: string): Record<string, unknown> | undefined {
  const versions = groupVersions(group);
  if (versions.length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0] };
}

export function legacyGroupList(): Record<string, unknown> {
  // The groups in a list carry no kind/apiVersion of their own, as in Kubernetes.
  const groups = apiGroups().map((name) => {
    const versions = groupVersions(name);
    return { name, versions, preferredVersion: versions[0] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/**
 * Kubernetes' discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>")
 * of the storage version (the same for every version a resource is served in: events.k8s.io Events
 * are core v1 Events in etcd); resources without storage (reviews) have none.
 */
export function storageVersionHash(r: Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'verbs' | 'storageVersion'>): string | undefined {
  if (!r.verbs.includes('get')) return undefined;
  const { group, version } = r.storageVersion ?? r;
  return createHash('sha256').update(`${group}/${version}/${r.kind}`).digest().subarray(0, 8).toString('base64');
}

/** APIResourceList for one group-version, subresources included as `pods/log`. */
export function legacyResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const rs = resourcesOf(group, version);
  if (rs.length === 0) return undefined;
  const list: Record<string, unknown>[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames) entry.shortNames = r.shortNames;
    if (r.categories) entry.categories = r.categories;
    const hash = storageVersionHash(r);
    if (hash) entry.storageVersionHash = hash;
    list.push(entry);
    for (const s of r.subresources) {
      const k = subresourceKind(r, s);
      const sub: Record<string, unknown> = { name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: k.kind, verbs: k.verbs };
      if (k.group !== r.group || k.version !== r.version) {
        sub.group = k.group;
        sub.version = k.version;
      }
      list.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: list };
}
