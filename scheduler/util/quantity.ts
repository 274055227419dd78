// Resource quantities for the scheduler, over the shared apimachinery/quantity.ts: cpu in millicores,
// everything else in whole units, rounded up like resource.Quantity.Value()/MilliValue(). Malformed
// quantities count as 0 (the API server validates them).
import { milliValue, quantityValue as value, tryParseQuantity } from '../../apimachinery/quantity.js';

function parse(q: string | number | undefined) {
  if (q === undefined) return undefined;
  return tryParseQuantity(typeof q === 'number' ? String(q) : q);
}

/** Whole units (rounded up); 0 for absent or malformed quantities. */
export function quantityValue(q: string | number | undefined): number {
  const p = parse(q);
  return p ? value(p) : 0;
}

/** Thousandths of a unit (rounded up); used for cpu. */
export function quantityMilliValue(q: string | number | undefined): number {
  const p = parse(q);
  return p ? milliValue(p) : 0;
}
