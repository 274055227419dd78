// What a /status write of a StatefulSet or DaemonSet must satisfy (ValidateStatefulSetStatusUpdate,
// ValidateDaemonSetStatusUpdate): counters are never negative, StatefulSet counts stay within
// status.replicas, and collisionCount never goes down.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { objAt } from '../strategy/util.js';
import { nonNegative } from './workload.js';

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function collisionCountDecremented(status: Obj, old: Obj): FieldError[] {
  const prev = objAt(old.status).collisionCount;
  if (typeof prev !== 'number') return [];
  const next = status.collisionCount;
  return typeof next !== 'number' || next < prev ? [fe.invalid('status.collisionCount', num(next), 'cannot be decremented')] : [];
}

export function validateStatefulSetStatus(o: Obj, old: Obj): FieldError[] {
  const s = objAt(o.status);
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'])
    nonNegative(errs, `status.${k}`, s[k]);
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'])
    if (num(s[k]) > num(s.replicas)) errs.push(fe.invalid(`status.${k}`, num(s[k]), 'cannot be greater than status.replicas'));
  if (num(s.availableReplicas) > num(s.readyReplicas))
    errs.push(fe.invalid('status.availableReplicas', num(s.availableReplicas), 'cannot be greater than status.readyReplicas'));
  return [...errs, ...collisionCountDecremented(s, old)];
}

export function validateDaemonSetStatus(o: Obj, old: Obj): FieldError[] {
  const s = objAt(o.status);
  const errs: FieldError[] = [];
  const counters = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount'];
  for (const k of counters) nonNegative(errs, `status.${k}`, s[k]);
  return [...errs, ...collisionCountDecremented(s, old)];
}
