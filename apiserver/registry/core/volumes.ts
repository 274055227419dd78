// What PersistentVolumes and PersistentVolumeClaims share: access modes, storage amounts and the
// Pending status they start in (pkg/apis/core/validation: ValidatePersistentVolume(Claim)Spec).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Quantity, formatQuantity, tryParseQuantity } from '../../../apimachinery/quantity.js';
import { strs } from '../strategy/util.js';

export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** Access modes: at least one (`detail` as the kind words it), each supported; ReadWriteOncePod alone. */
export function validateAccessModes(modes: unknown, path: string, detail: string): FieldError[] {
  const list = strs(modes);
  if (list.length === 0) return [fe.required(path, detail)];
  const errs: FieldError[] = [];
  for (const m of list) if (!accessModes.includes(m)) errs.push(fe.notSupported(path, m, accessModes));
  if (list.includes('ReadWriteOncePod') && list.length > 1)
    errs.push(fe.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export function quantityAt(v: unknown): Quantity | undefined {
  return typeof v === 'string' || typeof v === 'number' ? tryParseQuantity(String(v)) : undefined;
}

/** ValidatePositiveQuantityValue. */
export function validatePositive(v: unknown, path: string): FieldError[] {
  const q = quantityAt(v);
  if (!q) return [];
  return q.value <= 0n ? [fe.invalid(path, formatQuantity(q), 'must be greater than zero')] : [];
}

/**
 * DropDisabledFields with 1.32's default gates: VolumeAttributesClass is off (beta, disabled), so
 * spec.volumeAttributesClassName is dropped unless the stored object already uses it.
 */
export function dropVolumeAttributesClass(spec: unknown, oldSpec?: unknown): void {
  if (typeof spec !== 'object' || spec === null) return;
  const used = typeof oldSpec === 'object' && oldSpec !== null && (oldSpec as Record<string, unknown>).volumeAttributesClassName !== undefined;
  if (!used) delete (spec as Record<string, unknown>).volumeAttributesClassName;
}
