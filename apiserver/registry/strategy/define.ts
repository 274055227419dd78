// Building a resource module: the catalogue entry with Kubernetes' usual defaults (every verb, kind
// List, lower-case singular) and the subresource list taken from the module's subresources.
import type { ResourceInfo, ResourceModule } from './types.js';

export const allVerbs: readonly string[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Create-only resources (reviews): answered without storage, never listed. */
export const createOnly: readonly string[] = ['create'];

export interface ResourceSpec extends Omit<ResourceModule, 'info'> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  verbs?: readonly string[];
  hasGeneration?: boolean;
}

export function defineResource(spec: ResourceSpec): ResourceModule {
  const { group, version, kind, plural, namespaced, singular, shortNames, categories, verbs, hasGeneration, ...strategy } = spec;
  const info: ResourceInfo = {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: singular ?? kind.toLowerCase(),
    namespaced,
    verbs: [...(verbs ?? allVerbs)],
    subresources: Object.keys(strategy.subresources ?? {}),
    hasGeneration: hasGeneration ?? false,
  };
  if (shortNames) info.shortNames = shortNames;
  if (categories) info.categories = categories;
  return { info, ...strategy };
}
