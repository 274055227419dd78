// RBAC escalation prevention (Kubernetes' policybased storage, as validating admission): writing a
// Role/ClusterRole with rules the user does not hold, or a binding to a role whose rules the user
// does not hold, is forbidden unless the user may `escalate` (roles) or `bind` (that role), or is in
// system:masters. "Holds" means granted through RBAC in the object's namespace (or cluster-wide).
import { errors } from '../../../apimachinery/errors.js';
import { isObj, jsonEqual, type Obj } from '../../../apimachinery/objects.js';
import type { RBACAuthorizer } from '../authz/rbac.js';
import { compactRule, roleRefOf, rulesOf, uncovered, type PolicyRule } from '../authz/rules.js';
import { privilegedGroup } from '../authz/union.js';
import type { AdmissionPlugin, AdmissionRequest, Authorizer, UserInfo } from '../types.js';

const rbacGroup = 'rbac.authorization.k8s.io';
const roleKinds = new Set(['roles', 'clusterroles']);
const bindingKinds = new Set(['rolebindings', 'clusterrolebindings']);

export interface EscalationDeps {
  /** The whole configured chain: `escalate` / `bind` may be granted by any mode. */
  authorizer: Authorizer;
  rbac: RBACAuthorizer;
}

/** Go's %q of a []string: ["a" "b"]. */
const goQuoted = (l: string[]): string => `[${l.map((s) => JSON.stringify(s)).join(' ')}]`;

function forbidden(r: AdmissionRequest, name: string, why: string): Error {
  return errors.forbidden(`${r.resource}.${rbacGroup} ${JSON.stringify(name)} is forbidden: ${why}`);
}

function notHeld(user: UserInfo, missing: PolicyRule[]): string {
  return `user ${JSON.stringify(user.name)} (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.map(compactRule).join('\n')}`;
}

async function allowed(deps: EscalationDeps, user: UserInfo, verb: string, resource: string, namespace: string, name: string): Promise<boolean> {
  const { decision } = await deps.authorizer.authorize({ user, verb, resourceRequest: true, path: '', apiGroup: rbacGroup, apiVersion: 'v1', resource, subresource: '', namespace, name });
  return decision === 'allow';
}

async function checkRole(deps: EscalationDeps, r: AdmissionRequest, o: Obj, name: string, ns: string): Promise<void> {
  if (r.operation === 'UPDATE' && r.oldObject && jsonEqual(o.rules, r.oldObject.rules) && jsonEqual(o.aggregationRule, r.oldObject.aggregationRule)) return;
  if (await allowed(deps, r.user, 'escalate', r.resource, ns, name)) return;
  const held = deps.rbac.rulesFor(r.user, ns);
  if (isObj(o.aggregationRule) && uncovered(held, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }]).length > 0)
    throw forbidden(r, name, 'must have cluster-admin privileges to use the aggregationRule');
  const missing = uncovered(held, rulesOf(o));
  if (missing.length > 0) throw forbidden(r, name, notHeld(r.user, missing));
}

async function checkBinding(deps: EscalationDeps, r: AdmissionRequest, o: Obj, name: string, ns: string): Promise<void> {
  if (r.operation === 'UPDATE' && r.oldObject && jsonEqual(o.roleRef, r.oldObject.roleRef) && jsonEqual(o.subjects, r.oldObject.subjects)) return;
  const ref = roleRefOf(o);
  const refResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  if (await allowed(deps, r.user, 'bind', refResource, ns, ref.name)) return;
  const rules = deps.rbac.roleRefRules(ref, ns);
  if (!rules) throw forbidden(r, name, `${refResource}.${rbacGroup} ${JSON.stringify(ref.name)} not found`);
  const missing = uncovered(deps.rbac.rulesFor(r.user, ns), rules);
  if (missing.length > 0) throw forbidden(r, name, notHeld(r.user, missing));
}

export function rbacEscalation(deps: EscalationDeps): AdmissionPlugin {
  return {
    name: 'RBACEscalation',
    async validate(r) {
      if (r.group !== rbacGroup || r.subresource !== '' || (r.operation !== 'CREATE' && r.operation !== 'UPDATE') || !r.object) return;
      if (r.user.groups.includes(privilegedGroup)) return;
      const name = r.name || (isObj(r.object.metadata) ? String(r.object.metadata.name ?? '') : '');
      const ns = r.resource === 'roles' || r.resource === 'rolebindings' ? r.namespace : '';
      if (roleKinds.has(r.resource)) await checkRole(deps, r, r.object, name, ns);
      else if (bindingKinds.has(r.resource)) await checkBinding(deps, r, r.object, name, ns);
    },
  };
}
