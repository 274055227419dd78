// intstr.IntOrString fields (maxUnavailable, maxSurge, minAvailable): Kubernetes' checks and how its
// field errors print such a value (Go's %#v: the type has no value-receiver String()).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';

const percentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Go's %#v of an intstr.IntOrString. */
export function goIntOrString(v: unknown): string {
  return typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}` : `intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`;
}

export function invalidIntOrString(field: string, v: unknown, detail: string): FieldError {
  return { field, type: 'FieldValueInvalid', message: `Invalid value: ${goIntOrString(v)}: ${detail}` };
}

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent. */
export function validateIntOrPercent(field: string, v: unknown): FieldError[] {
  if (typeof v === 'number') return v < 0 ? [fe.invalid(field, v, 'must be greater than or equal to 0')] : [];
  if (typeof v !== 'string') return [];
  const m = /^([0-9]+)%$/.exec(v);
  if (!m) return [invalidIntOrString(field, v, percentMessage)];
  return Number(m[1]) > 100 ? [invalidIntOrString(field, v, 'must not be greater than 100%')] : [];
}

/** getIntOrPercentValue: a percentage's number, an int's value, 0 for anything unparsable. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  const m = /^([0-9]+)%$/.exec(v);
  if (m) return Number(m[1]);
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}
