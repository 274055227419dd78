// ConfigMaps: key syntax, `immutable`.
import type { FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { configMapPrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';
import { validateDataKeys, validateImmutableData } from './data.js';

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  validateDataKeys(o, errs);
  return errs;
}

export const configmaps = defineResource({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  shortNames: ['cm'],
  validate,
  validateUpdate(o, old) {
    const errs = validate(o);
    validateImmutableData(o, old, errs);
    return errs;
  },
  printer: configMapPrinter,
});
