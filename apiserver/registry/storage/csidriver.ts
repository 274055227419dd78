// CSIDrivers: every behaviour flag defaulted as Kubernetes 1.32 does; attachRequired and
// volumeLifecycleModes are immutable, the rest of the spec may change (each change counts generation up).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, ensure, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { csiDriverPrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt, objs, setIfAbsent } from '../strategy/util.js';

const fsGroupPolicies = ['File', 'None', 'ReadWriteOnceWithFSType'];
const lifecycleModes = ['Persistent', 'Ephemeral'];
const minTokenSeconds = 600;

function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'attachRequired', true);
  setIfAbsent(spec, 'podInfoOnMount', false);
  setIfAbsent(spec, 'storageCapacity', false);
  setIfAbsent(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
  if (!Array.isArray(spec.volumeLifecycleModes) || spec.volumeLifecycleModes.length === 0) spec.volumeLifecycleModes = ['Persistent'];
  setIfAbsent(spec, 'requiresRepublish', false);
  setIfAbsent(spec, 'seLinuxMount', false);
}

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs: FieldError[] = [];
  for (const [key, path] of [['attachRequired', 'attachedRequired'], ['podInfoOnMount', 'podInfoOnMount'], ['storageCapacity', 'storageCapacity']])
    if (typeof spec[key] !== 'boolean') errs.push(fe.required(`spec.${path}`));
  if (spec.fsGroupPolicy !== undefined && !fsGroupPolicies.includes(String(spec.fsGroupPolicy)))
    errs.push(fe.notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, fsGroupPolicies));
  const audiences = new Set<string>();
  objs(spec.tokenRequests).forEach((t, i) => {
    const p = `spec.tokenRequests[${i}]`;
    const audience = typeof t.audience === 'string' ? t.audience : '';
    if (audiences.has(audience)) {
      errs.push(fe.duplicate(`${p}.audience`, audience));
      return;
    }
    audiences.add(audience);
    const secs = t.expirationSeconds;
    if (typeof secs !== 'number') return;
    if (secs < minTokenSeconds) errs.push(fe.invalid(`${p}.expirationSeconds`, secs, 'may not specify a duration less than 10 minutes'));
    if (secs > 2 ** 32) errs.push(fe.invalid(`${p}.expirationSeconds`, secs, 'may not specify a duration larger than 2^32 seconds'));
  });
  for (const mode of Array.isArray(spec.volumeLifecycleModes) ? spec.volumeLifecycleModes : [])
    if (!lifecycleModes.includes(String(mode))) errs.push(fe.notSupported('spec.volumeLifecycleModes', mode, lifecycleModes));
  if (typeof spec.seLinuxMount !== 'boolean') errs.push(fe.required('spec.seLinuxMount'));
  return errs;
}

/** Go's %#v of a []storage.VolumeLifecycleMode, as ValidateImmutableField prints it. */
function modesValue(v: unknown): string {
  const modes = Array.isArray(v) ? v.map((m) => JSON.stringify(String(m))) : [];
  return `[]storage.VolumeLifecycleMode{${modes.join(', ')}}`;
}

function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const oldSpec = objAt(old.spec);
  const errs: FieldError[] = [];
  if (spec.attachRequired !== oldSpec.attachRequired) errs.push(immutableError('spec.attachedRequired', spec.attachRequired));
  if (!jsonEqual(spec.volumeLifecycleModes, oldSpec.volumeLifecycleModes))
    errs.push({ field: 'spec.volumeLifecycleModes', type: 'FieldValueInvalid', message: `Invalid value: ${modesValue(spec.volumeLifecycleModes)}: field is immutable` });
  return errs;
}

/** A create leaves generation unset; each spec change counts it up from there (0, then 1, 2, ...). */
function countSpecChanges(o: Obj, old: Obj): void {
  const before = isObj(old.metadata) && typeof old.metadata.generation === 'number' ? old.metadata.generation : 0;
  const next = jsonEqual(o.spec, old.spec) ? before : before + 1;
  if (next > 0) ensure(o, 'metadata').generation = next;
}

export const csidrivers = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriver', plural: 'csidrivers', namespaced: false,
  defaults,
  prepareForUpdate: countSpecChanges,
  validate,
  validateUpdate,
  printer: csiDriverPrinter,
});
