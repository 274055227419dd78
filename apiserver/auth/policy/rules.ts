// Small builders for policy rules, so the default roles read like Kubernetes' bootstrappolicy.
import type { PolicyRule } from '../authz/rules.js';

export const read = ['get', 'list', 'watch'];
export const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
export const readWrite = [...read, ...write];

/** A resource rule: verbs on resources of the given API groups ('' = core). */
export function rule(verbs: string[], groups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  const r: PolicyRule = { verbs, apiGroups: groups, resources };
  if (resourceNames) r.resourceNames = resourceNames;
  return r;
}

/** A non-resource rule: verbs on URL paths (a trailing "*" matches a prefix). */
export function urls(verbs: string[], paths: string[]): PolicyRule {
  return { verbs, nonResourceURLs: paths };
}
