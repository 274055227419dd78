// The generic object lifecycle every resource goes through, with the resource module's hooks:
// create/update/status preparation (status, identity, generation), graceful deletion and the
// deletion mark, and when a marked object may leave storage. No per-kind branches: a kind's
// differences live in its module (./strategy/types.ts).
import { type Obj, isObj, jsonEqual, clone, ensure, meta, nowRFC3339 } from '../../apimachinery/objects.js';
import type { GraceOptions, ResourceModule } from './strategy/types.js';

/** The delete options the lifecycle reads. */
export interface DeletionOptions extends GraceOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

export function prepareForCreate(mod: ResourceModule, o: Obj): void {
  const m = ensure(o, 'metadata');
  if (mod.info.hasGeneration) m.generation = 1;
  else delete m.generation;
  mod.prepareForCreate?.(o);
}

/**
 * Main-resource update: status comes from the old object where status is a subresource, identity
 * fields are immutable, generation moves when the spec changes. `internal` writes are built by the
 * server itself from the live object (deletion marks, bindings, finalize) and keep their status
 * and deletion fields.
 */
export function prepareForUpdate(mod: ResourceModule, o: Obj, old: Obj, internal = false): void {
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
    if (mod.info.subresources.includes('status')) {
      if (old.status === undefined) delete o.status;
      else o.status = clone(old.status);
    }
  }
  if (mod.info.hasGeneration) {
    const gen = typeof om.generation === 'number' ? om.generation : 1;
    m.generation = jsonEqual(o.spec, old.spec) ? gen : gen + 1;
  } else {
    delete m.generation;
  }
  mod.prepareForUpdate?.(o, old);
}

/** Status-subresource update: everything but status (and the precondition rv) comes from old. */
export function prepareForStatusUpdate(mod: ResourceModule, o: Obj, old: Obj): Obj {
  const next = clone(old);
  next.status = clone(o.status);
  const nm = ensure(next, 'metadata');
  const rv = isObj(o.metadata) ? o.metadata.resourceVersion : undefined;
  if (rv !== undefined) nm.resourceVersion = rv;
  mod.prepareForStatusUpdate?.(next, old);
  return next;
}

/** True when an object marked for deletion may now leave storage. */
export function readyToDelete(mod: ResourceModule, o: Obj): boolean {
  const m = isObj(o.metadata) ? o.metadata : {};
  if (m.deletionTimestamp === undefined) return false;
  const finalizers = Array.isArray(m.finalizers) ? m.finalizers : [];
  if (finalizers.length > 0) return false;
  return mod.deletion?.readyToDelete?.(o) ?? true;
}

/** Whether deletion must go through deletionTimestamp (finalizers, foreground/orphan, a grace period, alwaysMark). */
export function gracefulDeletion(mod: ResourceModule, o: Obj, opts: DeletionOptions): boolean {
  const d = mod.deletion;
  const m = isObj(o.metadata) ? o.metadata : {};
  if (Array.isArray(m.finalizers) && m.finalizers.length > 0) return true;
  // Marked already: a resource with a grace period may still shorten it (or go at once).
  if (m.deletionTimestamp !== undefined && !d?.gracePeriodSeconds) return true;
  if (opts.propagationPolicy === 'Foreground' || opts.propagationPolicy === 'Orphan') return true;
  if (d?.alwaysMark) return true;
  if (d?.gracePeriodSeconds) return d.gracePeriodSeconds(o, opts) > 0;
  return false;
}

/** The live object marked for deletion: finalizers for the propagation policy, deletionTimestamp, the module's own marks. */
export function markDeleting(mod: ResourceModule, live: Obj, opts: DeletionOptions, now: Date): Obj {
  const o = clone(live);
  const m = meta(o);
  const finalizers = new Set(Array.isArray(m.finalizers) ? m.finalizers.map(String) : []);
  if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
  if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
  if (finalizers.size > 0) m.finalizers = [...finalizers];
  const gracePeriod = mod.deletion?.gracePeriodSeconds;
  if (gracePeriod) {
    const grace = gracePeriod(live, opts);
    if (m.deletionTimestamp === undefined || grace < Number(m.deletionGracePeriodSeconds ?? Infinity)) {
      m.deletionTimestamp = nowRFC3339(new Date(now.getTime() + grace * 1000));
      m.deletionGracePeriodSeconds = grace;
    }
  } else if (m.deletionTimestamp === undefined) {
    m.deletionTimestamp = nowRFC3339(now);
    m.deletionGracePeriodSeconds = 0;
  }
  mod.deletion?.onMark?.(o);
  return o;
}
