// Small object helpers the resource modules share for defaulting and validation.
import { type FieldError, fieldErrors } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';

export function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

export function setIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

export function validPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** The "field is immutable" error Kubernetes' ValidateImmutableField gives. */
export function immutableError(field: string, value: unknown, msg = 'field is immutable'): FieldError {
  return fieldErrors.invalid(field, value, msg);
}

/** A field selector value: strings as they are, numbers and booleans printed, anything else "". */
export function fieldString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** A boolean field selector value: "true" only for true. */
export function fieldBool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

export function objAt(v: unknown): Obj {
  return isObj(v) ? v : {};
}

/** The members that are set, in the order given: a versioned type's JSON with Go's omitempty (conversions build objects in field order). */
export function compact(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
