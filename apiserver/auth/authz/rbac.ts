// The RBAC authorizer: allows a request when a ClusterRoleBinding, or a RoleBinding in the
// request's namespace, binds the user (by name, group or ServiceAccount) to a role with a rule
// that allows it. Roles and bindings come from in-memory mirrors of storage (see mirror.ts).
// Also resolves "what may this user do here" for SelfSubjectRulesReview and escalation checks.
import type { Logger } from '../../../apimachinery/log.js';
import { labelSelectorMatches, type LabelSelector } from '../../../apimachinery/labels.js';
import { isObj, type Obj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';
import type { Attributes, Authorizer, Decision, UserInfo } from '../types.js';
import { StoreMirror } from './mirror.js';
import { type PolicyRule, appliesTo, roleRefOf, ruleAllows, rulesOf, subjectsOf } from './rules.js';

const nameOfKey = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

export class RBACAuthorizer implements Authorizer {
  private readonly roles: StoreMirror;
  private readonly clusterRoles: StoreMirror;
  private readonly roleBindings: StoreMirror;
  private readonly clusterRoleBindings: StoreMirror;
  private readonly ac = new AbortController();

  constructor(store: Store, log: Logger) {
    this.roles = new StoreMirror(store, '/registry/roles/', log);
    this.clusterRoles = new StoreMirror(store, '/registry/clusterroles/', log);
    this.roleBindings = new StoreMirror(store, '/registry/rolebindings/', log);
    this.clusterRoleBindings = new StoreMirror(store, '/registry/clusterrolebindings/', log);
  }

  async start(): Promise<void> {
    await Promise.all([this.roles, this.clusterRoles, this.roleBindings, this.clusterRoleBindings].map((m) => m.start(this.ac.signal)));
  }

  close(): void {
    this.ac.abort();
  }

  /** A ClusterRole's rules; an aggregationRule adds the rules of every ClusterRole its selectors pick. */
  clusterRoleRules(name: string): PolicyRule[] | undefined {
    const role = this.clusterRoles.objects.get(`/registry/clusterroles/${name}`);
    if (!role) return undefined;
    const rules = rulesOf(role);
    const agg = isObj(role.aggregationRule) && Array.isArray(role.aggregationRule.clusterRoleSelectors) ? role.aggregationRule.clusterRoleSelectors.filter(isObj) : [];
    if (agg.length === 0) return rules;
    for (const [key, other] of this.clusterRoles.objects) {
      if (nameOfKey(key) === name) continue;
      const labels = (isObj(other.metadata) && isObj(other.metadata.labels) ? other.metadata.labels : {}) as Record<string, string>;
      if (agg.some((sel) => labelSelectorMatches(sel as LabelSelector, labels))) rules.push(...rulesOf(other));
    }
    return rules;
  }

  /** The rules a binding's roleRef grants (undefined when the role does not exist). */
  private refRules(binding: Obj, namespace: string): PolicyRule[] | undefined {
    const ref = roleRefOf(binding);
    if (ref.kind === 'ClusterRole') return this.clusterRoleRules(ref.name);
    if (ref.kind === 'Role' && namespace) {
      const role = this.roles.objects.get(`/registry/roles/${namespace}/${ref.name}`);
      return role ? rulesOf(role) : undefined;
    }
    return undefined;
  }

  /**
   * Visits every rule that applies to `user` in `namespace` ('' = cluster-wide bindings only), with
   * a description of where it comes from; stops when `visit` returns true.
   */
  visitRules(user: UserInfo, namespace: string, visit: (rule: PolicyRule, source: string) => boolean): void {
    for (const [key, b] of this.clusterRoleBindings.objects) {
      if (!subjectsOf(b).some((s) => appliesTo(user, s, ''))) continue;
      const ref = roleRefOf(b);
      for (const rule of this.refRules(b, '') ?? []) if (visit(rule, `ClusterRoleBinding "${nameOfKey(key)}" of ClusterRole "${ref.name}"`)) return;
    }
    if (!namespace) return;
    const prefix = `/registry/rolebindings/${namespace}/`;
    for (const [key, b] of this.roleBindings.objects) {
      if (!key.startsWith(prefix)) continue;
      if (!subjectsOf(b).some((s) => appliesTo(user, s, namespace))) continue;
      const ref = roleRefOf(b);
      for (const rule of this.refRules(b, namespace) ?? [])
        if (visit(rule, `RoleBinding "${nameOfKey(key)}/${namespace}" of ${ref.kind} "${ref.name}"`)) return;
    }
  }

  /** Every rule the user holds in `namespace` (plus cluster-wide ones). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    const out: PolicyRule[] = [];
    this.visitRules(user, namespace, (r) => {
      out.push(r);
      return false;
    });
    return out;
  }

  /** The rules of the role a binding would reference, for the bind escalation check. */
  roleRefRules(ref: { kind: string; name: string }, namespace: string): PolicyRule[] | undefined {
    return this.refRules({ roleRef: { kind: ref.kind, name: ref.name, apiGroup: 'rbac.authorization.k8s.io' } }, namespace);
  }

  async authorize(a: Attributes): Promise<{ decision: Decision; reason: string }> {
    let reason = '';
    this.visitRules(a.user, a.resourceRequest ? a.namespace : '', (rule, source) => {
      if (!ruleAllows(a, rule)) return false;
      reason = `RBAC: allowed by ${source}`;
      return true;
    });
    return reason ? { decision: 'allow', reason } : { decision: 'noopinion', reason: '' };
  }
}
