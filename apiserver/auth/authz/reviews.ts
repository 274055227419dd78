// The authorization.k8s.io/v1 reviews, HTTP-free: SelfSubjectAccessReview, SubjectAccessReview and
// LocalSubjectAccessReview ask the configured authorizer about one request; SelfSubjectRulesReview
// lists what the user may do in a namespace. Nothing is stored: the answer is the request plus status.
import { errors, fieldErrors as fe, type FieldError } from '../../../apimachinery/errors.js';
import { clone, isObj, type Obj } from '../../../apimachinery/objects.js';
import type { Attributes, Authorizer, UserInfo } from '../types.js';
import { nodeIdentity } from './node.js';
import type { RBACAuthorizer } from './rbac.js';
import { privilegedGroup } from './union.js';

export type ReviewKind = 'SelfSubjectAccessReview' | 'SubjectAccessReview' | 'LocalSubjectAccessReview' | 'SelfSubjectRulesReview';

export const reviewResources: Record<string, ReviewKind> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
};

export interface ReviewDeps {
  authorizer: Authorizer;
  /** Present when RBAC is a configured mode. */
  rbac?: RBACAuthorizer;
  /** The configured modes, to answer rules reviews honestly. */
  modes: readonly string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function attributesFrom(spec: Obj, user: UserInfo, where: string, errs: FieldError[]): Attributes | undefined {
  const ra = isObj(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isObj(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if ((ra === undefined) === (nra === undefined)) {
    errs.push(fe.invalid(`${where}.resourceAttributes`, 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
    return undefined;
  }
  if (ra) {
    return {
      user,
      verb: str(ra.verb),
      resourceRequest: true,
      path: '',
      apiGroup: str(ra.group),
      apiVersion: str(ra.version),
      resource: str(ra.resource),
      subresource: str(ra.subresource),
      namespace: str(ra.namespace),
      name: str(ra.name),
    };
  }
  return { user, verb: str(nra!.verb), resourceRequest: false, path: str(nra!.path), apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

function subjectOf(spec: Obj): UserInfo {
  const extra: Record<string, string[]> = {};
  if (isObj(spec.extra)) for (const [k, v] of Object.entries(spec.extra)) extra[k] = Array.isArray(v) ? v.map(String) : [];
  return { name: str(spec.user), uid: str(spec.uid) || undefined, groups: Array.isArray(spec.groups) ? spec.groups.map(String) : [], extra };
}

/** Answers one review posted by `requester` (namespace: the URL's, for LocalSubjectAccessReview). */
export async function review(deps: ReviewDeps, kind: ReviewKind, body: Obj, requester: UserInfo, namespace = ''): Promise<Obj> {
  const out = clone(body);
  out.apiVersion = 'authorization.k8s.io/v1';
  out.kind = kind;
  const m = isObj(out.metadata) ? out.metadata : (out.metadata = {});
  if (m.creationTimestamp === undefined) m.creationTimestamp = null;
  const spec = isObj(out.spec) ? out.spec : (out.spec = {});
  const errs: FieldError[] = [];
  if (kind === 'SelfSubjectRulesReview') {
    out.status = rulesReview(deps, requester, str(spec.namespace));
    return out;
  }
  let user = requester;
  if (kind !== 'SelfSubjectAccessReview') {
    user = subjectOf(spec);
    if (user.name === '' && user.groups.length === 0) errs.push(fe.invalid('spec.user', '', 'at least one of user or group must be specified'));
  }
  const attrs = attributesFrom(spec, user, 'spec', errs);
  if (kind === 'LocalSubjectAccessReview') {
    if (isObj(spec.nonResourceAttributes)) errs.push(fe.invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request'));
    if (attrs && attrs.namespace !== namespace) errs.push(fe.invalid('spec.resourceAttributes.namespace', attrs.namespace, 'must match metadata.namespace'));
    m.namespace = namespace;
  }
  if (errs.length > 0 || !attrs) throw errors.invalid(kind, str(m.name), errs, 'authorization.k8s.io');
  const { decision, reason } = await deps.authorizer.authorize(attrs);
  const status: Obj = { allowed: decision === 'allow' };
  if (decision === 'deny') status.denied = true;
  if (reason) status.reason = reason;
  out.status = status;
  return out;
}

const everything = { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };

function rulesReview(deps: ReviewDeps, user: UserInfo, namespace: string): Obj {
  if (user.groups.includes(privilegedGroup) || deps.modes.includes('AlwaysAllow')) return clone(everything);
  const resourceRules: Obj[] = [];
  const nonResourceRules: Obj[] = [];
  for (const r of deps.rbac?.rulesFor(user, namespace) ?? []) {
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    else {
      const rule: Obj = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
      if (r.resourceNames?.length) rule.resourceNames = r.resourceNames;
      resourceRules.push(rule);
    }
  }
  const status: Obj = { resourceRules, nonResourceRules, incomplete: false };
  // The Node authorizer cannot list what it would allow (its answers depend on the pod graph).
  if (deps.modes.includes('Node') && nodeIdentity(user) !== undefined) {
    status.incomplete = true;
    status.evaluationError = 'node authorizer does not support user rule resolution';
  }
  return status;
}
