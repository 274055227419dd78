// StorageClasses: reclaimPolicy Delete and volumeBindingMode Immediate by default; provisioner,
// parameters, reclaimPolicy and volumeBindingMode cannot change once created.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, jsonEqual } from '../../../apimachinery/objects.js';
import { isQualifiedName } from '../../../apimachinery/validation.js';
import { storageClassPrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt, setIfAbsent } from '../strategy/util.js';

const reclaimPolicies = ['Delete', 'Retain'];
const bindingModes = ['Immediate', 'WaitForFirstConsumer'];
const maxParameters = 512;
const maxParameterBytes = 256 * 1024;

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = typeof o.provisioner === 'string' ? o.provisioner : '';
  if (provisioner === '') errs.push(fe.required('provisioner'));
  else for (const m of isQualifiedName(provisioner.toLowerCase())) errs.push(fe.invalid('provisioner', provisioner.toLowerCase(), m));
  const params = Object.entries(objAt(o.parameters));
  if (params.length > maxParameters) errs.push(fe.tooLong('parameters', maxParameters));
  else {
    if (params.some(([k]) => k === '')) errs.push(fe.invalid('parameters', '', 'field can not be empty.'));
    if (params.reduce((n, [k, v]) => n + k.length + String(v).length, 0) > maxParameterBytes) errs.push(fe.tooLong('parameters', maxParameterBytes));
  }
  if (o.reclaimPolicy !== '' && !reclaimPolicies.includes(String(o.reclaimPolicy))) errs.push(fe.notSupported('reclaimPolicy', o.reclaimPolicy, reclaimPolicies));
  if (!bindingModes.includes(String(o.volumeBindingMode))) errs.push(fe.notSupported('volumeBindingMode', o.volumeBindingMode, bindingModes));
  return errs;
}

function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!jsonEqual(o.parameters ?? {}, old.parameters ?? {})) errs.push(fe.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (o.provisioner !== old.provisioner) errs.push(fe.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (o.reclaimPolicy !== old.reclaimPolicy) errs.push(fe.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (o.volumeBindingMode !== old.volumeBindingMode) errs.push(immutableError('volumeBindingMode', o.volumeBindingMode));
  return errs;
}

export const storageclasses = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false,
  shortNames: ['sc'],
  defaults(o) {
    setIfAbsent(o, 'reclaimPolicy', 'Delete');
    setIfAbsent(o, 'volumeBindingMode', 'Immediate');
  },
  validate,
  validateUpdate,
  printer: storageClassPrinter,
});
