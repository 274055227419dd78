// ensureBootstrapPolicy: creates the default ClusterRoles, ClusterRoleBindings and PriorityClasses
// at start and reconciles them like kube-apiserver's rbac/bootstrap-roles: objects annotated
// rbac.authorization.kubernetes.io/autoupdate: "true" get missing rules and subjects added back
// (extra ones are kept); "false" leaves an object as the administrator wrote it. Idempotent.
import { ApiError } from '../../../apimachinery/errors.js';
import type { Logger } from '../../../apimachinery/log.js';
import { clone, isObj, jsonEqual, type Obj } from '../../../apimachinery/objects.js';
import type { Registry } from '../../registry/rest.js';
import { findResource, type ResourceInfo } from '../../registry/resources.js';
import { rulesOf, subjectsOf, uncovered, type PolicyRule, type Subject } from '../authz/rules.js';
import { defaultClusterRoleBindings, systemPriorityClasses } from './bindings.js';
import { defaultClusterRoles } from './cluster-roles.js';
import { createIfAbsent } from '../../registry/create-if-absent.js';

const rbac = 'rbac.authorization.k8s.io';
const autoupdate = 'rbac.authorization.kubernetes.io/autoupdate';
const manager = 'kube-apiserver';

function metadata(name: string): Obj {
  return { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { [autoupdate]: 'true' } };
}

async function getOrUndefined(reg: Registry, info: ResourceInfo, name: string): Promise<Obj | undefined> {
  try {
    return await reg.get(info, undefined, name);
  } catch (e) {
    if (e instanceof ApiError && e.reason === 'NotFound') return undefined;
    throw e;
  }
}

async function createOrKeep(reg: Registry, info: ResourceInfo, obj: Obj, log: Logger): Promise<void> {
  if (await createIfAbsent(reg, info, undefined, obj, manager)) log.info({ resource: info.plural, name: (obj.metadata as Obj).name }, 'default policy object created');
}

const autoUpdates = (o: Obj): boolean => !(isObj(o.metadata) && isObj(o.metadata.annotations) && o.metadata.annotations[autoupdate] === 'false');

const toJson = (r: PolicyRule): Obj => JSON.parse(JSON.stringify(r)) as Obj;

async function reconcileRole(reg: Registry, info: ResourceInfo, name: string, rules: PolicyRule[], log: Logger): Promise<void> {
  const live = await getOrUndefined(reg, info, name);
  if (!live) return createOrKeep(reg, info, { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: metadata(name), rules: rules.map(toJson) }, log);
  if (!autoUpdates(live)) return;
  const missing = rules.filter((r) => uncovered(rulesOf(live), [r]).length > 0);
  if (missing.length === 0) return;
  await reg.update(info, undefined, name, (cur) => {
    const next = clone(cur ?? live);
    next.rules = [...(Array.isArray(next.rules) ? next.rules : []), ...missing.map(toJson)];
    return next;
  }, { fieldManager: manager });
  log.info({ name, added: missing.length }, 'default ClusterRole reconciled');
}

const sameSubject = (a: Subject, b: Subject): boolean => a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

async function reconcileBinding(reg: Registry, info: ResourceInfo, name: string, role: string, subjects: Subject[], log: Logger): Promise<void> {
  const roleRef = { apiGroup: rbac, kind: 'ClusterRole', name: role };
  const desired = { apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: metadata(name), roleRef, subjects };
  const live = await getOrUndefined(reg, info, name);
  if (!live) return createOrKeep(reg, info, desired, log);
  if (!autoUpdates(live)) return;
  if (!jsonEqual(live.roleRef, roleRef)) {
    // roleRef is immutable: replace the binding.
    await reg.delete(info, undefined, name, {});
    return createOrKeep(reg, info, desired, log);
  }
  const have = subjectsOf(live);
  const missing = subjects.filter((s) => !have.some((h) => sameSubject(h, s)));
  if (missing.length === 0) return;
  await reg.update(info, undefined, name, (cur) => {
    const next = clone(cur ?? live);
    next.subjects = [...(Array.isArray(next.subjects) ? next.subjects : []), ...missing];
    return next;
  }, { fieldManager: manager });
  log.info({ name, added: missing.length }, 'default ClusterRoleBinding reconciled');
}

/** The default ClusterRoles and ClusterRoleBindings (run when RBAC is on), then the system PriorityClasses. */
export async function ensureBootstrapPolicy(reg: Registry, log: Logger): Promise<void> {
  const roles = findResource(rbac, 'v1', 'clusterroles')!;
  const bindings = findResource(rbac, 'v1', 'clusterrolebindings')!;
  // Independent objects: reconcile them concurrently (this runs before the server listens).
  await Promise.all([
    ...defaultClusterRoles.map((r) => reconcileRole(reg, roles, r.name, r.rules, log)),
    ...defaultClusterRoleBindings.map((b) => reconcileBinding(reg, bindings, b.name, b.role, b.subjects, log)),
    ensureSystemPriorityClasses(reg, log),
  ]);
}

/** system-node-critical and system-cluster-critical, as the scheduling post-start hook makes them. */
export async function ensureSystemPriorityClasses(reg: Registry, log: Logger): Promise<void> {
  const priorityClasses = findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!;
  await Promise.all(
    systemPriorityClasses.map(async (pc) => {
      if (await getOrUndefined(reg, priorityClasses, pc.name)) return;
      await createOrKeep(reg, priorityClasses, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: pc.name }, value: pc.value, description: pc.description, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }, log);
    }),
  );
}
