// PersistentVolumeClaims: volume mode Filesystem by default, Pending status on create, access modes
// and a positive storage request, and the update rule: the spec is frozen except, for a bound claim,
// resources.requests (never below status.capacity).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, clone, ensure, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { compareQuantity, quantityOf } from '../../../apimachinery/quantity.js';
import { persistentVolumeClaimPrinter } from '../../printers/storage.js';
import { defineResource } from '../strategy/define.js';
import { fieldString as str, immutableError, objAt, setIfAbsent } from '../strategy/util.js';
import { dropVolumeAttributesClass, quantityAt, validateAccessModes, validatePositive } from './volumes.js';

const volumeModes = ['Block', 'Filesystem'];
const storageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required');
  const requests = objAt(objAt(spec.resources).requests);
  if (requests.storage === undefined) errs.push(fe.required('spec.resources[storage]'));
  else errs.push(...validatePositive(requests.storage, 'spec.resources[storage]'));
  if (spec.volumeMode !== undefined && !volumeModes.includes(String(spec.volumeMode))) errs.push(fe.notSupported('spec.volumeMode', spec.volumeMode, volumeModes));
  return errs;
}

/**
 * ValidatePersistentVolumeClaimUpdate with Kubernetes 1.32's default gates (RecoverVolumeExpansionFailure
 * on, VolumeAttributesClass off). Kubernetes appends a go-cmp diff of the two specs to the "spec is
 * immutable" message; go-cmp randomises its spacing on purpose, so it is not reproduced here.
 */
function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ann = (x: Obj): unknown => objAt(objAt(x.metadata).annotations)[storageClassAnnotation];
  const spec = clone(objAt(o.spec));
  const oldSpec = clone(objAt(old.spec));
  // volumeName may be set once (the volume controller binds the claim).
  if (!oldSpec.volumeName) {
    if (spec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = spec.volumeName;
  }
  // The beta storage-class annotation may be upgraded to spec.storageClassName once.
  const upgrade = ann(old) !== undefined && oldSpec.storageClassName === undefined && spec.storageClassName === ann(old) && (ann(o) === undefined || ann(o) === ann(old));
  if (upgrade) delete spec.storageClassName;
  else if (ann(o) !== ann(old)) errs.push(immutableError(`metadata.annotations[${storageClassAnnotation}]`, ann(o) ?? ''));
  // A bound claim may change its storage request.
  if (objAt(o.status).phase === 'Bound' && isObj(objAt(spec.resources).requests))
    ensure(ensure(spec, 'resources'), 'requests').storage = objAt(objAt(oldSpec.resources).requests).storage;
  if (!jsonEqual(spec, oldSpec)) errs.push(fe.forbidden('spec', 'spec is immutable after creation except resources.requests for bound claims'));
  const size = quantityAt(objAt(objAt(objAt(o.spec).resources).requests).storage);
  const was = quantityAt(objAt(objAt(objAt(old.spec).resources).requests).storage);
  const capacity = quantityAt(objAt(objAt(old.status).capacity).storage) ?? quantityOf(0);
  if (size && was && compareQuantity(size, was) < 0 && compareQuantity(size, capacity) <= 0)
    errs.push(fe.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  const mode = objAt(o.spec).volumeMode;
  if (mode !== objAt(old.spec).volumeMode) errs.push(immutableError('volumeMode', mode));
  return errs;
}

export const persistentvolumeclaims = defineResource({
  group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true,
  shortNames: ['pvc'],
  defaults(o) {
    setIfAbsent(ensure(o, 'spec'), 'volumeMode', 'Filesystem');
    if (isObj(o.status)) setIfAbsent(o.status, 'phase', 'Pending');
  },
  prepareForCreate(o) {
    dropVolumeAttributesClass(o.spec);
    o.status = { phase: 'Pending' };
  },
  prepareForUpdate(o, old) {
    dropVolumeAttributesClass(o.spec, old.spec);
  },
  validate,
  validateUpdate: (o, old, subresource) => (subresource === 'status' ? [] : validateUpdate(o, old)),
  printer: persistentVolumeClaimPrinter,
  // "name" is a bug Kubernetes keeps for compatibility (PersistentVolumeClaimToSelectableFields).
  fieldLabels: { name: (o) => str(objAt(o.metadata).name) },
  subresources: { status: { type: 'status' } },
});
