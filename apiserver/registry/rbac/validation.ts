// RBAC validation shared by Roles/ClusterRoles (ValidatePolicyRule) and their bindings
// (ValidateRoleBinding), the Subject defaults, and the immutable roleRef.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { objs, strs } from '../strategy/util.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** rbac ValidatePolicyRule. */
export function validateRules(o: Obj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  objs(o.rules).forEach((rule, i) => {
    const p = `rules[${i}]`;
    // A missing list is reported by the schema check ("Required value"); an empty one here.
    if (Array.isArray(rule.verbs) && rule.verbs.length === 0) errs.push(fe.required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls = strs(rule.nonResourceURLs);
    if (urls.length > 0) {
      if (namespaced) errs.push(fe.invalid(`${p}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (strs(rule.apiGroups).length > 0 || strs(rule.resources).length > 0 || strs(rule.resourceNames).length > 0)
        errs.push(fe.invalid(`${p}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (!Array.isArray(rule.apiGroups) || rule.apiGroups.length === 0) errs.push(fe.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (strs(rule.resources).length === 0) errs.push(fe.required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** rbac ValidateRoleBinding / ValidateClusterRoleBinding. */
export function validateBinding(o: Obj, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = isObj(o.roleRef) ? o.roleRef : {};
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(ref.kind ?? ''))) errs.push(fe.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (ref.apiGroup !== rbacGroup) errs.push(fe.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroup]));
  if (typeof ref.name !== 'string' || ref.name === '') errs.push(fe.required('roleRef.name'));
  else if (ref.name.includes('/') || ref.name.includes('%') || ref.name === '.' || ref.name === '..')
    errs.push(fe.invalid('roleRef.name', ref.name, `may not contain '/' or '%'`));
  objs(o.subjects).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (typeof s.name !== 'string' || s.name === '') errs.push(fe.required(`${p}.name`));
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.apiGroup !== undefined && s.apiGroup !== '') errs.push(fe.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
        if (!namespaced && (typeof s.namespace !== 'string' || s.namespace === '')) errs.push(fe.required(`${p}.namespace`));
        break;
      case 'User':
      case 'Group':
        if (s.apiGroup !== rbacGroup) errs.push(fe.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [rbacGroup]));
        break;
      default:
        errs.push(fe.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

/** Go's %v of an rbac.RoleRef, as "cannot change roleRef" prints it. */
function goRoleRef(v: unknown): string {
  const r = isObj(v) ? v : {};
  return `rbac.RoleRef{APIGroup:${JSON.stringify(String(r.apiGroup ?? ''))}, Kind:${JSON.stringify(String(r.kind ?? ''))}, Name:${JSON.stringify(String(r.name ?? ''))}}`;
}

/** A binding's roleRef never changes. */
export function validateRoleRefUnchanged(o: Obj, old: Obj): FieldError[] {
  return jsonEqual(o.roleRef, old.roleRef) ? [] : [{ field: 'roleRef', type: 'FieldValueInvalid', message: `Invalid value: ${goRoleRef(o.roleRef)}: cannot change roleRef` }];
}

/** SetDefaults_Subject: User and Group subjects live in the rbac group, ServiceAccounts in core. */
export function defaultSubjects(o: Obj): void {
  // SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding: roleRef.apiGroup is the RBAC group.
  if (isObj(o.roleRef) && (o.roleRef.apiGroup === undefined || o.roleRef.apiGroup === null || o.roleRef.apiGroup === '')) o.roleRef.apiGroup = rbacGroup;
  for (const s of objs(o.subjects)) {
    if (s.apiGroup !== undefined && s.apiGroup !== '') continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup;
    // Core group: "" — which Kubernetes' JSON leaves out (omitempty).
    else if (s.kind === 'ServiceAccount') delete s.apiGroup;
  }
}
