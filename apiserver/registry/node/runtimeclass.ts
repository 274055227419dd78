// RuntimeClasses: the CRI handler (a DNS label, immutable), the pod overhead and the scheduling
// constraints (node selector labels) pods of the class get.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { tryParseQuantity } from '../../../apimachinery/quantity.js';
import { isDNS1123Label, validateLabels } from '../../../apimachinery/validation.js';
import { runtimeClassPrinter } from '../../printers/storage-classes.js';
import { defineResource } from '../strategy/define.js';
import { immutableError, objAt } from '../strategy/util.js';

function validate(o: Obj): FieldError[] {
  const handler = typeof o.handler === 'string' ? o.handler : '';
  const errs = isDNS1123Label(handler).map((m) => fe.invalid('handler', handler, m));
  for (const [name, value] of Object.entries(objAt(objAt(o.overhead).podFixed))) {
    const q = typeof value === 'string' ? tryParseQuantity(value) : undefined;
    if (q && q.value < 0n) errs.push(fe.invalid(`overhead.podFixed[${name}]`, value, 'must be greater than or equal to 0'));
  }
  const scheduling = objAt(o.scheduling);
  if (isObj(scheduling.nodeSelector)) errs.push(...validateLabels(scheduling.nodeSelector, 'scheduling.nodeSelector'));
  return errs;
}

export const runtimeclasses = defineResource({
  group: 'node.k8s.io', version: 'v1', kind: 'RuntimeClass', plural: 'runtimeclasses', namespaced: false,
  validate,
  validateUpdate(o, old) {
    return o.handler === old.handler ? [] : [immutableError('handler', o.handler)];
  },
  printer: runtimeClassPrinter,
});
