// Per-resource write strategy: what a create or update may set (status vs spec), generation,
// pod QoS, namespace phase. The generic REST code calls these; resource quirks live here only.
import { type Obj, isObj, jsonEqual, clone, ensure } from '../../apimachinery/objects.js';
import type { ResourceInfo } from './resources.js';

/** Resources whose status is written only through the status subresource. */
function statusIsSeparate(info: ResourceInfo): boolean {
  return info.subresources.includes('status');
}

function containersOf(spec: unknown): Obj[] {
  if (!isObj(spec)) return [];
  const c = Array.isArray(spec.containers) ? spec.containers : [];
  const i = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  return [...c, ...i].filter(isObj);
}

export function qosClass(spec: unknown): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = containersOf(spec);
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const res = isObj(c.resources) ? c.resources : {};
    const req = isObj(res.requests) ? res.requests : {};
    const lim = isObj(res.limits) ? res.limits : {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function prepareForCreate(info: ResourceInfo, o: Obj): void {
  const m = ensure(o, 'metadata');
  if (info.hasGeneration) m.generation = 1;
  else delete m.generation;
  switch (info.plural) {
    case 'pods': {
      const status = isObj(o.status) ? o.status : {};
      o.status = { phase: 'Pending', qosClass: qosClass(o.spec) };
      // A pod created already bound keeps its scheduling condition (static pods, tests).
      if (isObj(status) && Array.isArray(status.conditions)) (o.status as Obj).conditions = status.conditions;
      break;
    }
    case 'deployments':
      o.status = {};
      break;
    case 'replicasets':
      // status.replicas is required (a Go int, serialised even when 0).
      o.status = { replicas: 0 };
      break;
    case 'services':
      o.status = { loadBalancer: {} };
      break;
    case 'namespaces':
      o.status = { phase: 'Active' };
      break;
    case 'certificatesigningrequests':
      // Approval and the certificate come later, through the approval and status subresources.
      o.status = {};
      break;
  }
}

/**
 * Main-resource update: status comes from the old object where status is a subresource, identity
 * fields are immutable, generation moves when the spec changes. `internal` writes are built by the
 * server itself from the live object (deletion marks, bindings, finalize) and keep their status
 * and deletion fields.
 */
export function prepareForUpdate(info: ResourceInfo, o: Obj, old: Obj, internal = false): void {
  const m = ensure(o, 'metadata');
  const om = ensure(old, 'metadata');
  m.uid = om.uid;
  m.creationTimestamp = om.creationTimestamp;
  if (!internal) {
    if (om.deletionTimestamp !== undefined) {
      m.deletionTimestamp = om.deletionTimestamp;
      m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (statusIsSeparate(info)) {
      if (old.status === undefined) delete o.status;
      else o.status = clone(old.status);
    }
  }
  if (info.hasGeneration) {
    const gen = typeof om.generation === 'number' ? om.generation : 1;
    m.generation = jsonEqual(o.spec, old.spec) ? gen : gen + 1;
  } else {
    delete m.generation;
  }
  // A CSR's spec (request, requestor) never changes after creation.
  if (info.plural === 'certificatesigningrequests') o.spec = clone(old.spec);
  if (info.plural === 'pods' && isObj(o.status)) o.status.qosClass = (old.status as Obj | undefined)?.qosClass ?? qosClass(o.spec);
}

/** Status-subresource update: everything but status (and the precondition rv) comes from old. */
export function prepareForStatusUpdate(o: Obj, old: Obj): Obj {
  const next = clone(old);
  next.status = clone(o.status);
  const nm = ensure(next, 'metadata');
  const rv = isObj(o.metadata) ? o.metadata.resourceVersion : undefined;
  if (rv !== undefined) nm.resourceVersion = rv;
  // A CSR is approved or denied only through its approval subresource.
  if (old.kind === 'CertificateSigningRequest') ensure(next, 'status').conditions = mergeCSRConditions(old.status, next.status, 'keep-approval');
  return next;
}

const isApproval = (c: unknown): boolean => isObj(c) && (c.type === 'Approved' || c.type === 'Denied');
const conditionsOf = (status: unknown): unknown[] => (isObj(status) && Array.isArray(status.conditions) ? status.conditions : []);

/**
 * CSR conditions after a status or approval write: Approved/Denied come from `old` for status
 * writes ('keep-approval') and from `next` for approval writes ('take-approval'); the others the other way.
 */
export function mergeCSRConditions(oldStatus: unknown, nextStatus: unknown, mode: 'keep-approval' | 'take-approval'): unknown[] {
  const fromOld = conditionsOf(oldStatus).filter((c) => isApproval(c) === (mode === 'keep-approval'));
  const fromNext = conditionsOf(nextStatus).filter((c) => isApproval(c) !== (mode === 'keep-approval'));
  return clone([...fromOld, ...fromNext]);
}

/** True when an object marked for deletion may now leave storage. */
export function readyToDelete(info: ResourceInfo, o: Obj): boolean {
  const m = isObj(o.metadata) ? o.metadata : {};
  if (m.deletionTimestamp === undefined) return false;
  const finalizers = Array.isArray(m.finalizers) ? m.finalizers : [];
  if (finalizers.length > 0) return false;
  if (info.plural === 'namespaces') {
    const specFinalizers = isObj(o.spec) && Array.isArray(o.spec.finalizers) ? o.spec.finalizers : [];
    return specFinalizers.length === 0;
  }
  if (info.plural === 'pods') return m.deletionGracePeriodSeconds === 0 || m.deletionGracePeriodSeconds === undefined;
  return true;
}
