// Aggregated discovery (/api, /apis) and kubectl's resource-name resolution: plural, singular, short
// names, kind, `resource.group`, case-insensitively; and the `kind.group` names used in messages.
import type { Rest } from './rest.js';
import { CliError } from './io.js';

export interface ApiResource {
  group: string;
  version: string;
  /** Plural resource name (e.g. "deployments"). */
  resource: string;
  kind: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  verbs: string[];
  /** Categories such as "all" that `get all` expands to. */
  categories: string[];
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface DiscoveryList {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      resources?: { resource: string; responseKind?: { kind?: string }; scope?: string; singularResource?: string; shortNames?: string[]; verbs?: string[]; categories?: string[] }[];
    }[];
  }[];
}

/** All resources in preferred versions, core group first, in the server's group order. */
export async function discover(rest: Rest): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([rest.json<DiscoveryList>('/api', { accept: AGGREGATED }), rest.json<DiscoveryList>('/apis', { accept: AGGREGATED })]);
  const out: ApiResource[] = [];
  for (const item of [...(core.items ?? []), ...(groups.items ?? [])]) {
    const group = item.metadata?.name ?? '';
    const v = item.versions?.[0]; // the first version listed is the preferred one
    if (!v) continue;
    for (const r of v.resources ?? []) {
      out.push({
        group,
        version: v.version,
        resource: r.resource,
        kind: r.responseKind?.kind ?? '',
        singular: r.singularResource ?? r.responseKind?.kind?.toLowerCase() ?? '',
        shortNames: r.shortNames ?? [],
        namespaced: r.scope === 'Namespaced',
        verbs: r.verbs ?? [],
        categories: r.categories ?? [],
      });
    }
  }
  return out;
}

/** Resolves a user-typed type ("deploy", "deployments.apps", "Pod") the way kubectl's RESTMapper does. */
export function resolve(resources: ApiResource[], typed: string): ApiResource {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const candidates: [string, string | undefined][] = [[lower, undefined]];
  if (dot > 0) candidates.push([lower.slice(0, dot), lower.slice(dot + 1)]);
  for (const [name, group] of candidates) {
    const inGroup = resources.filter((r) => group === undefined || r.group === group || (group !== '' && `${r.version}.${r.group}` === group));
    const hit =
      inGroup.find((r) => r.resource === name) ??
      inGroup.find((r) => r.singular === name) ??
      inGroup.find((r) => r.shortNames.includes(name)) ??
      inGroup.find((r) => r.kind.toLowerCase() === name);
    if (hit) return hit;
  }
  throw new CliError(`error: the server doesn't have a resource type "${typed}"`);
}

/** The resources in a category ("all"), in discovery order; empty when `typed` is no category. */
export function expandCategory(resources: ApiResource[], typed: string): ApiResource[] {
  return resources.filter((r) => r.categories.includes(typed.toLowerCase()) && !r.resource.includes('/'));
}

/** Finds the resource serving apiVersion + kind (for manifests). */
export function forKind(resources: ApiResource[], apiVersion: string, kind: string, name = '', source = ''): ApiResource {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const hit = resources.find((r) => r.group === group && r.kind === kind && !r.resource.includes('/'));
  if (!hit) throw new CliError(`error: resource mapping not found for name: "${name}" namespace: "" from "${source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
  return { ...hit, version };
}

/** "deployment.apps" / "pod": how kubectl names a kind in messages and -o name. */
export function kindGroup(r: ApiResource): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** "deployments.apps" / "pods": how the server names a resource in Status messages. */
export function resourceGroup(r: ApiResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** The REST path of a collection or an object. */
export function resourcePath(r: ApiResource, namespace: string | undefined, name?: string, sub?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (sub) p += `/${sub}`;
  return p;
}

export interface Request {
  resource: ApiResource;
  names: string[];
}

/** Splits `deploy,pods [names…]` or `deploy/web pod/x` into typed requests. */
export function parseTypeArgs(resources: ApiResource[], args: string[]): Request[] {
  if (args.length === 0) throw new CliError('error: you must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.');
  if (args[0].includes('/')) {
    const out: Request[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      if (i < 0) throw new CliError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const r = resolve(resources, a.slice(0, i));
      const prev = out.find((q) => q.resource === r);
      if (prev) prev.names.push(a.slice(i + 1));
      else out.push({ resource: r, names: [a.slice(i + 1)] });
    }
    return out;
  }
  const types = args[0].split(',').filter((t) => t !== '');
  const out: Request[] = [];
  for (const t of types) {
    const category = resources.some((r) => r.resource === t.toLowerCase()) ? [] : expandCategory(resources, t);
    for (const resource of category.length ? category : [resolve(resources, t)]) {
      if (!out.some((q) => q.resource === resource)) out.push({ resource, names: args.slice(1) });
    }
  }
  return out;
}
