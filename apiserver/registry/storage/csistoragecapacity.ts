// CSIStorageCapacities: the capacity a CSI driver reports for a storage class in a topology segment;
// the segment (nodeTopology) and the class are the inputs of the query and cannot change.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, jsonEqual } from '../../../apimachinery/objects.js';
import { formatQuantity, tryParseQuantity } from '../../../apimachinery/quantity.js';
import { isDNS1123Subdomain, validateLabelSelector } from '../../../apimachinery/validation.js';
import { csiStorageCapacityPrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { immutableError } from '../strategy/util.js';

function validate(o: Obj): FieldError[] {
  const errs = validateLabelSelector(o.nodeTopology, 'nodeTopology');
  const cls = typeof o.storageClassName === 'string' ? o.storageClassName : '';
  for (const m of isDNS1123Subdomain(cls)) errs.push(fe.invalid('storageClassName', cls, m));
  const q = typeof o.capacity === 'string' ? tryParseQuantity(o.capacity) : undefined;
  if (q && q.value < 0n) errs.push(fe.invalid('capacity', formatQuantity(q), 'must be greater than or equal to 0'));
  return errs;
}

function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!jsonEqual(o.nodeTopology, old.nodeTopology)) errs.push(immutableError('nodeTopology', o.nodeTopology));
  if (o.storageClassName !== old.storageClassName) errs.push(immutableError('storageClassName', o.storageClassName));
  return errs;
}

export const csistoragecapacities = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'CSIStorageCapacity', plural: 'csistoragecapacities', namespaced: true,
  validate,
  validateUpdate,
  printer: csiStorageCapacityPrinter,
});
