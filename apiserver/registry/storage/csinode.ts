// CSINodes: one entry per CSI driver registered on a node (unique names, node IDs, allocatable
// counts, topology keys); an existing driver entry cannot change.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, jsonEqual } from '../../../apimachinery/objects.js';
import { isQualifiedName } from '../../../apimachinery/validation.js';
import { csiNodePrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt, objs } from '../strategy/util.js';
import { csiDriverNameErrors } from './csidriver-name.js';

const maxNodeIDLength = 192;

function validateDriver(d: Obj, p: string, seen: Set<string>): FieldError[] {
  const name = typeof d.name === 'string' ? d.name : '';
  const errs = csiDriverNameErrors(name, `${p}.name`);
  const nodeID = typeof d.nodeID === 'string' ? d.nodeID : '';
  if (nodeID === '') errs.push(fe.required(`${p}.nodeID`));
  if (nodeID.length > maxNodeIDLength) errs.push(fe.invalid(`${p}.nodeID`, nodeID, `must be ${maxNodeIDLength} characters or less`));
  const count = objAt(d.allocatable).count;
  if (typeof count === 'number' && count < 0) errs.push(fe.invalid(`${p}.allocatable.count`, count, 'must be greater than or equal to 0'));
  if (seen.has(name)) errs.push(fe.duplicate(`${p}.name`, name));
  seen.add(name);
  const keys = new Set<string>();
  for (const key of Array.isArray(d.topologyKeys) ? d.topologyKeys.map(String) : []) {
    if (key === '') errs.push(fe.required(p));
    if (keys.has(key)) errs.push(fe.duplicate(p, key));
    keys.add(key);
    for (const m of isQualifiedName(key)) errs.push(fe.invalid(p, d.topologyKeys, m));
  }
  return errs;
}

function validate(o: Obj): FieldError[] {
  const seen = new Set<string>();
  return objs(objAt(o.spec).drivers).flatMap((d, i) => validateDriver(d, `spec.drivers[${i}]`, seen));
}

function validateUpdate(o: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const before of objs(objAt(old.spec).drivers))
    for (const after of objs(objAt(o.spec).drivers))
      // Kubernetes 1.32 names the field "CSINodeDriver" and prints the Go struct; its JSON stands in.
      if (before.name === after.name && !jsonEqual(before, after)) errs.push(immutableError('CSINodeDriver', after));
  return errs;
}

export const csinodes = defineResource({
  group: 'storage.k8s.io', version: 'v1', kind: 'CSINode', plural: 'csinodes', namespaced: false,
  validate,
  validateUpdate,
  printer: csiNodePrinter,
});
