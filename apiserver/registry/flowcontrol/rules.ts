// What FlowSchemas and PriorityLevelConfigurations share: the list helpers and the checks on a
// FlowSchema's rules and subjects (pkg/apis/flowcontrol/validation), so issue 22's request
// classifier can read the same shapes.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1123Label, validateName } from '../../../apimachinery/validation.js';
import { objs, strs } from '../strategy/util.js';

const supportedVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const subjectKinds = ['Group', 'ServiceAccount', 'User'];
const nsErrIntro = "each member of this list must be '*' or a DNS-1123 label; ";

const hasWildcard = (v: string[]): boolean => v.includes('*');

function verbs(list: string[], path: string, errs: FieldError[]): void {
  if (list.length === 0) errs.push(fe.required(`${path}.verbs`, 'verbs must contain at least one value'));
  else if (hasWildcard(list)) {
    if (list.length > 1) errs.push(fe.invalid(`${path}.verbs`, list, "if '*' is present, must not specify other verbs"));
  } else if (!list.every((v) => supportedVerbs.includes(v))) errs.push(fe.notSupported(`${path}.verbs`, list, supportedVerbs));
}

/** ValidateNonResourceURLPath */
function nonResourceURLError(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (path === '/') return undefined;
  if (!path.startsWith('/')) return 'must start with slash';
  if (path.includes(' ')) return 'must not contain white-space';
  if (path.includes('//')) return 'must not contain double slash';
  const wildcards = path.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && !path.endsWith('/*'))) return 'wildcard can only do suffix matching';
  return undefined;
}

function resourceRule(r: Obj, path: string, errs: FieldError[]): void {
  verbs(strs(r.verbs), path, errs);
  const groups = strs(r.apiGroups);
  if (groups.length === 0) errs.push(fe.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  else if (groups.length > 1 && hasWildcard(groups)) errs.push(fe.invalid(`${path}.apiGroups`, groups, "if '*' is present, must not specify other api groups"));
  const resources = strs(r.resources);
  if (resources.length === 0) errs.push(fe.required(`${path}.resources`, 'resource rules must supply at least one resource'));
  else if (resources.length > 1 && hasWildcard(resources)) errs.push(fe.invalid(`${path}.resources`, resources, "if '*' is present, must not specify other resources"));
  const namespaces = strs(r.namespaces);
  if (namespaces.length === 0 && r.clusterScope !== true)
    errs.push(fe.required(`${path}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'));
  else if (hasWildcard(namespaces)) {
    if (namespaces.length > 1) errs.push(fe.invalid(`${path}.namespaces`, namespaces, "if '*' is present, must not specify other namespaces"));
  } else namespaces.forEach((ns, i) => isDNS1123Label(ns).forEach((m) => errs.push(fe.invalid(`${path}.namespaces[${i}]`, ns, nsErrIntro + m))));
}

function nonResourceRule(r: Obj, path: string, errs: FieldError[]): void {
  verbs(strs(r.verbs), path, errs);
  const urls = strs(r.nonResourceURLs);
  if (urls.length === 0) errs.push(fe.required(`${path}.nonResourceURLs`, 'nonResourceURLs must contain at least one value'));
  else if (hasWildcard(urls)) {
    if (urls.length > 1) errs.push(fe.invalid(`${path}.nonResourceURLs`, urls, "if '*' is present, must not specify other non-resource URLs"));
  } else
    urls.forEach((u, i) => {
      const m = nonResourceURLError(u);
      if (m) errs.push(fe.invalid(`${path}.nonResourceURLs[${i}]`, u, m));
    });
}

const forbidOther: Record<string, [string, string]> = {
  user: ['user', "user is forbidden when subject kind is not 'User'"],
  group: ['group', "group is forbidden when subject kind is not 'Group'"],
  serviceAccount: ['serviceAccount', "serviceAccount is forbidden when subject kind is not 'ServiceAccount'"],
};

function subject(s: Obj, path: string, errs: FieldError[]): void {
  const own: Record<string, string> = { ServiceAccount: 'serviceAccount', User: 'user', Group: 'group' };
  const field = typeof s.kind === 'string' ? own[s.kind] : undefined;
  if (!field) {
    errs.push(fe.notSupported(`${path}.kind`, s.kind ?? '', subjectKinds));
    return;
  }
  const body = s[field];
  if (!isObj(body)) errs.push(fe.required(`${path}.${field}`, `${field} is required when subject kind is '${String(s.kind)}'`));
  else if (typeof body.name !== 'string' || body.name === '') errs.push(fe.required(`${path}.${field}.name`));
  else if (field === 'serviceAccount' && body.name !== '*') validateName('subdomain', body.name).forEach((m) => errs.push(fe.invalid(`${path}.${field}.name`, body.name, m)));
  if (field === 'serviceAccount' && isObj(body)) {
    const ns = typeof body.namespace === 'string' ? body.namespace : '';
    if (ns === '') errs.push(fe.required(`${path}.serviceAccount.namespace`, 'must specify namespace for service account'));
    else isDNS1123Label(ns).forEach((m) => errs.push(fe.invalid(`${path}.serviceAccount.namespace`, ns, m)));
  }
  for (const other of ['serviceAccount', 'user', 'group'])
    if (other !== field && s[other] !== undefined && s[other] !== null) errs.push(fe.forbidden(`${path}.${forbidOther[other][0]}`, forbidOther[other][1]));
}

/** ValidateFlowSchemaPolicyRulesWithSubjects for each of spec.rules. */
export function validateRules(rules: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(rules).forEach((rule, i) => {
    const p = `${path}[${i}]`;
    const subjects = objs(rule.subjects);
    if (subjects.length === 0) errs.push(fe.required(`${p}.subjects`, 'subjects must contain at least one value'));
    subjects.forEach((s, j) => subject(s, `${p}.subjects[${j}]`, errs));
    const rr = objs(rule.resourceRules);
    const nr = objs(rule.nonResourceRules);
    if (rr.length === 0 && nr.length === 0) errs.push(fe.required(p, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
    rr.forEach((r, j) => resourceRule(r, `${p}.resourceRules[${j}]`, errs));
    nr.forEach((r, j) => nonResourceRule(r, `${p}.nonResourceRules[${j}]`, errs));
  });
  return errs;
}

/** Status conditions: unique, non-empty types (both kinds). */
export function validateConditions(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(isObj(o.status) ? o.status.conditions : undefined).forEach((c, i) => {
    const t = typeof c.type === 'string' ? c.type : '';
    if (seen.has(t)) errs.push(fe.duplicate(`status.conditions[${i}].type`, t));
    seen.add(t);
    if (t === '') errs.push(fe.required(`status.conditions[${i}].type`, 'must not be empty'));
  });
  return errs;
}
