// RBAC's building blocks, pure: PolicyRule / Subject / RoleRef shapes read from stored objects,
// whether a rule allows a request (rbac.RuleAllows), whether a binding's subjects include a user
// (appliesTo), and whether one rule set covers another (escalation checks, validation.Covers).
import { isObj, type Obj } from '../../../apimachinery/objects.js';
import type { Attributes, UserInfo } from '../types.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** The rules of a stored Role / ClusterRole (malformed entries dropped). */
export function rulesOf(o: Obj): PolicyRule[] {
  const rules = Array.isArray(o.rules) ? o.rules.filter(isObj) : [];
  return rules.map((r) => ({
    verbs: strings(r.verbs) ?? [],
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  }));
}

export function subjectsOf(o: Obj): Subject[] {
  const subjects = Array.isArray(o.subjects) ? o.subjects.filter(isObj) : [];
  return subjects.map((s) => ({
    kind: String(s.kind ?? ''),
    name: String(s.name ?? ''),
    namespace: typeof s.namespace === 'string' ? s.namespace : undefined,
    apiGroup: typeof s.apiGroup === 'string' ? s.apiGroup : undefined,
  }));
}

export function roleRefOf(o: Obj): RoleRef {
  const r = isObj(o.roleRef) ? o.roleRef : {};
  return { apiGroup: String(r.apiGroup ?? ''), kind: String(r.kind ?? ''), name: String(r.name ?? '') };
}

const has = (list: string[] | undefined, v: string): boolean => (list ?? []).includes(v);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return has(rule.verbs, '*') || has(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return has(rule.apiGroups, '*') || has(rule.apiGroups, group);
}

/** `resource` or `resource/subresource`; "*" matches everything, "*∕sub" any resource's subresource. */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Exact, "*", or a prefix ending in "*" ("/healthz/*"). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    return (
      verbMatches(rule, a.verb) &&
      apiGroupMatches(rule, a.apiGroup) &&
      resourceMatches(rule, a.resource, a.subresource) &&
      resourceNameMatches(rule, a.name)
    );
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

export function rulesAllow(a: Attributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(a, r));
}

/** Whether a binding subject names this user; ServiceAccounts default to the binding's namespace. */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && user.name === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

// ---- Covers: does `owner` grant at least everything in `requested`? (escalation prevention)

function resourceCovers(owner: string[], requested: string): boolean {
  if (owner.includes('*') || owner.includes(requested)) return true;
  const slash = requested.indexOf('/');
  return slash >= 0 && owner.includes(`*${requested.slice(slash)}`);
}

function urlCovers(owner: string[], requested: string): boolean {
  return owner.some((u) => u === '*' || u === requested || (u.endsWith('*') && requested.startsWith(u.slice(0, -1))));
}

/** One rule split into atomic rules: one verb × group × resource × name (or URL) each. */
export function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const g of rule.apiGroups ?? []) {
      for (const r of rule.resources ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) out.push({ verbs: [verb], apiGroups: [g], resources: [r] });
        for (const n of names) out.push({ verbs: [verb], apiGroups: [g], resources: [r], resourceNames: [n] });
      }
    }
    for (const u of rule.nonResourceURLs ?? []) out.push({ verbs: [verb], nonResourceURLs: [u] });
  }
  return out;
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || sub.verbs.every((v) => owner.verbs.includes(v));
  const groups = has(owner.apiGroups, '*') || (sub.apiGroups ?? []).every((g) => has(owner.apiGroups, g));
  const resources = (sub.resources ?? []).every((r) => resourceCovers(owner.resources ?? [], r));
  const urls = (sub.nonResourceURLs ?? []).every((u) => urlCovers(owner.nonResourceURLs ?? [], u));
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const names = ownerNames.length === 0 || (subNames.length > 0 && subNames.every((n) => ownerNames.includes(n)));
  return verbs && groups && resources && urls && names;
}

/** The atomic rules of `requested` that no rule of `owner` covers (empty: covered). */
export function uncovered(owner: readonly PolicyRule[], requested: readonly PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of requested) for (const sub of breakdown(rule)) if (!owner.some((o) => ruleCovers(o, sub))) missing.push(sub);
  return missing;
}

/** Kubernetes' compact rule format: {APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}. */
export function compactRule(r: PolicyRule): string {
  const q = (l: string[]): string => `[${l.map((s) => JSON.stringify(s)).join(' ')}]`;
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${q(r.resources)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}
