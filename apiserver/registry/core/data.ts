// Key and immutability checks shared by ConfigMaps and Secrets.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { immutableError } from '../strategy/util.js';

const configKey = /^[-._a-zA-Z0-9]+$/;

export function validateDataKeys(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['data', 'binaryData', 'stringData']) {
    const d = o[field];
    if (!isObj(d)) continue;
    for (const k of Object.keys(d)) {
      if (!configKey.test(k) || k.length > 253)
        errs.push(fe.invalid(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
    }
  }
  return errs;
}

/** `immutable: true` freezes data. */
export function validateImmutableData(o: Obj, old: Obj): FieldError[] {
  return old.immutable === true && !jsonEqual(o.data, old.data) ? [immutableError('data', o.data, 'field is immutable when `immutable` is set')] : [];
}
