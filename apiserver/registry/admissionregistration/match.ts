// What the admissionregistration.k8s.io kinds share (pkg/apis/admissionregistration/validation):
// rules with operations, label selectors, match resources and match conditions. CEL expressions
// are only checked for presence here; compiling them is issue 14's (see ./cel.ts).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1123Subdomain, isQualifiedName, isValidPathSegmentName, validateLabelSelector } from '../../../apimachinery/validation.js';
import { objs, setIfAbsent, strs } from '../strategy/util.js';
import { checkExpression } from './cel.js';
export const failurePolicies = ['Fail', 'Ignore'];
export const matchPolicies = ['Equivalent', 'Exact'];
const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const scopes = ['*', 'Cluster', 'Namespaced'];

/** IsFullyQualifiedName: a DNS subdomain with at least three segments. */
export function fullyQualifiedName(path: string, name: unknown): FieldError[] {
  const v = typeof name === 'string' ? name : '';
  if (v === '') return [fe.required(path)];
  const errs = isDNS1123Subdomain(v);
  if (errs.length > 0) return [fe.invalid(path, v, errs.join(','))];
  if (v.split('.').length < 3) return [fe.invalid(path, v, 'should be a domain with at least three segments separated by dots')];
  return [];
}

function resources(list: string[], path: string, errs: FieldError[]): void {
  if (list.length === 0) errs.push(fe.required(path));
  const wildSub = new Set<string>();
  const wildRes = new Set<string>();
  let doubleWild = false;
  let singleWild = false;
  let plain = false;
  list.forEach((r, i) => {
    if (r === '') {
      errs.push(fe.required(`${path}[${i}]`));
      return;
    }
    if (r === '*/*') doubleWild = true;
    if (r === '*') singleWild = true;
    const slash = r.indexOf('/');
    if (slash < 0) {
      plain = r !== '*';
      return;
    }
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if (wildSub.has(res)) errs.push(fe.invalid(`${path}[${i}]`, r, `if '${res}/*' is present, must not specify ${r}`));
    if (wildRes.has(sub)) errs.push(fe.invalid(`${path}[${i}]`, r, `if '*/${sub}' is present, must not specify ${r}`));
    if (sub === '*') wildSub.add(res);
    if (res === '*') wildRes.add(sub);
  });
  if (list.length > 1 && doubleWild) errs.push(fe.invalid(path, list, "if '*/*' is present, must not specify other resources"));
  if (singleWild && plain) errs.push(fe.invalid(path, list, "if '*' is present, must not specify other resources without subresources"));
}

/** validateRuleWithOperations */
export function validateRule(rule: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = strs(rule.operations);
  if (ops.length === 0) errs.push(fe.required(`${path}.operations`));
  if (ops.length > 1 && ops.includes('*')) errs.push(fe.invalid(`${path}.operations`, ops, "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!operations.includes(op)) errs.push(fe.notSupported(`${path}.operations[${i}]`, op, operations));
  });
  const groups = strs(rule.apiGroups);
  if (groups.length === 0) errs.push(fe.required(`${path}.apiGroups`));
  if (groups.length > 1 && groups.includes('*')) errs.push(fe.invalid(`${path}.apiGroups`, groups, "if '*' is present, must not specify other API groups"));
  const versions = strs(rule.apiVersions);
  if (versions.length === 0) errs.push(fe.required(`${path}.apiVersions`));
  if (versions.length > 1 && versions.includes('*')) errs.push(fe.invalid(`${path}.apiVersions`, versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') errs.push(fe.required(`${path}.apiVersions[${i}]`));
  });
  resources(strs(rule.resources), `${path}.resources`, errs);
  if (rule.scope !== undefined && rule.scope !== null && !scopes.includes(String(rule.scope))) errs.push(fe.notSupported(`${path}.scope`, rule.scope, scopes));
  return errs;
}

export function defaultRules(rules: unknown): void {
  for (const r of objs(rules)) setIfAbsent(r, 'scope', '*');
}

/** validateMatchConditions: at most 64, named with qualified names, unique, with an expression. */
export function validateMatchConditions(conds: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = objs(conds);
  if (list.length > 64) errs.push({ field: path, type: 'FieldValueTooMany', message: `Too many: ${list.length}: must have at most 64 items` });
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const expr = typeof c.expression === 'string' ? c.expression.trim() : '';
    if (expr === '') errs.push(fe.required(`${p}.expression`));
    else errs.push(...checkExpression('matchCondition', expr, `${p}.expression`));
    const name = typeof c.name === 'string' ? c.name : '';
    if (name === '') errs.push(fe.required(`${p}.name`));
    else for (const m of isQualifiedName(name)) errs.push(fe.invalid(`${p}.name`, name, m));
    if (name !== '') {
      if (names.has(name)) errs.push(fe.duplicate(`${p}.name`, name));
      names.add(name);
    }
  });
  return errs;
}

export function defaultMatchResources(mr: unknown): void {
  if (!isObj(mr)) return;
  setIfAbsent(mr, 'matchPolicy', 'Equivalent');
  setIfAbsent(mr, 'namespaceSelector', {});
  setIfAbsent(mr, 'objectSelector', {});
  defaultRules(mr.resourceRules);
  defaultRules(mr.excludeResourceRules);
}

function namedRule(r: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  strs(r.resourceNames).forEach((n, i) => {
    for (const m of isValidPathSegmentName(n)) errs.push(fe.invalid(`${path}.resourceNames[${i}]`, n, m));
    if (seen.has(n)) errs.push(fe.duplicate(`${path}.resourceNames[${i}]`, n));
    seen.add(n);
  });
  return [...errs, ...validateRule(r, path)];
}

/** validateMatchResources (policies and bindings). */
export function validateMatchResources(mr: unknown, path: string): FieldError[] {
  if (!isObj(mr)) return [];
  const errs: FieldError[] = [];
  if (mr.matchPolicy === undefined || mr.matchPolicy === null) errs.push(fe.required(`${path}.matchPolicy`));
  else if (!matchPolicies.includes(String(mr.matchPolicy))) errs.push(fe.notSupported(`${path}.matchPolicy`, mr.matchPolicy, matchPolicies));
  for (const s of ['namespaceSelector', 'objectSelector']) {
    if (!isObj(mr[s])) errs.push(fe.required(`${path}.${s}`));
    else errs.push(...validateLabelSelector(mr[s], `${path}.${s}`));
  }
  objs(mr.resourceRules).forEach((r, i) => errs.push(...namedRule(r, `${path}.resourceRules[${i}]`)));
  objs(mr.excludeResourceRules).forEach((r, i) => errs.push(...namedRule(r, `${path}.excludeResourceRules[${i}]`)));
  return errs;
}
