// PersistentVolumeClaims: volume mode Filesystem by default, Pending status on create, access modes
// and a positive storage request, and the update rule: the spec is frozen except, for a bound claim,
// resources.requests (never below status.capacity) and volumeAttributesClassName.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, clone, ensure, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { compareQuantity } from '../../../apimachinery/quantity.js';
import { persistentVolumeClaimPrinter } from '../../printers/storage.js';
import { defineResource } from '../strategy/define.js';
import { fieldString as str, immutableError, objAt, setIfAbsent } from '../strategy/util.js';
import { quantityAt, validateAccessModes, validatePositive } from './volumes.js';

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

/** ValidatePersistentVolumeClaimUpdate, with RecoverVolumeExpansionFailure (on by default in 1.32). */
function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ann = (x: Obj): unknown => objAt(objAt(x.metadata).annotations)[storageClassAnnotation];
  if (ann(old) !== undefined && ann(o) !== ann(old))
    errs.push(immutableError(`metadata.annotations[${storageClassAnnotation}]`, ann(o)));
  const spec = clone(objAt(o.spec));
  const oldSpec = objAt(old.spec);
  const bound = objAt(old.status).phase === 'Bound';
  if (bound) {
    // What a bound claim may change is compared as the old values.
    ensure(ensure(spec, 'resources'), 'requests').storage = objAt(objAt(oldSpec.resources).requests).storage;
    if (oldSpec.volumeAttributesClassName === undefined) delete spec.volumeAttributesClassName;
    else spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  // A claim may take the storage class of its beta annotation once (the annotation-to-spec upgrade).
  if (oldSpec.storageClassName === undefined && ann(old) !== undefined && spec.storageClassName === ann(old)) delete spec.storageClassName;
  if (!jsonEqual(spec, oldSpec))
    errs.push(fe.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  if (bound) {
    const size = quantityAt(objAt(objAt(objAt(o.spec).resources).requests).storage);
    const was = quantityAt(objAt(objAt(oldSpec.resources).requests).storage);
    const capacity = quantityAt(objAt(objAt(old.status).capacity).storage);
    if (size && was && capacity && compareQuantity(size, was) !== 0 && compareQuantity(size, capacity) < 0)
      errs.push(fe.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
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
    o.status = { phase: 'Pending' };
  },
  validate,
  validateUpdate: (o, old, subresource) => (subresource === 'status' ? [] : validateUpdate(o, old)),
  printer: persistentVolumeClaimPrinter,
  // "name" is a bug Kubernetes keeps for compatibility (PersistentVolumeClaimToSelectableFields).
  fieldLabels: { name: (o) => str(objAt(o.metadata).name) },
  subresources: { status: { type: 'status' } },
});
