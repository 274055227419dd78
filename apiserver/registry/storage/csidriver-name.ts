// The CSI driver name rule CSINode drivers and VolumeAttachment attachers share (ValidateCSIDriverName).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation.js';

export function csiDriverNameErrors(name: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (name.length === 0) errs.push(fe.required(field));
  if (name.length > 63) errs.push(fe.tooLong(field, 63));
  for (const m of isDNS1123Subdomain(name.toLowerCase())) errs.push(fe.invalid(field, name, m));
  return errs;
}
