// Secrets: type Opaque by default, write-only stringData merged into data, base64 data, `immutable`.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { secretPrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';
import { fieldString, setIfAbsent } from '../strategy/util.js';
import { validateDataKeys, validateImmutableData } from './data.js';

function validate(o: Obj): FieldError[] {
  const errs = validateDataKeys(o);
  if (isObj(o.data))
    for (const [k, v] of Object.entries(o.data))
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0)
        errs.push(fe.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
  return errs;
}

export const secrets = defineResource({
  group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true,
  defaults(o) {
    setIfAbsent(o, 'type', 'Opaque');
    // stringData is write-only: it is merged into data (base64) and never stored.
    if (isObj(o.stringData)) {
      const data = ensure(o, 'data');
      for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete o.stringData;
    }
  },
  validate,
  validateUpdate: validateImmutableData,
  printer: secretPrinter,
  fieldLabels: { type: (o) => fieldString(o.type) },
});
