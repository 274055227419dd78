// Resource quantities as in k8s.io/apimachinery/pkg/api/resource: "100m", "1", "1.5", "128Mi", "1G",
// "1e3", "2Ki". A quantity is an exact decimal (bigint × 10^scale, never finer than 1n: smaller
// fractions round up) plus the format it was written in, which decides the canonical string
// ("1.5Gi" → "1536Mi", "0.5" → "500m", "1000" → "1k", "1e3" → "1e3").

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The amount is value × 10^scale. */
  readonly value: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
}

export const ErrFormatWrong =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ErrSuffix = "unable to parse quantity's suffix";
export const ErrNumeric = "unable to parse numeric part of quantity";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExp = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryByExp = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

const MIN_SCALE = -9;

/** Integer division rounding away from zero, as Kubernetes rounds quantities ("up"). */
function divAwayFromZero(a: bigint, b: bigint): bigint {
  const q = a / b;
  if (a % b === 0n) return q;
  return a > 0n ? q + 1n : q - 1n;
}

/** Round up (away from zero) to at most nano precision, and strip trailing zeros into the scale. */
function normalize(value: bigint, scale: number, format: QuantityFormat): Quantity {
  if (scale < MIN_SCALE) {
    const div = 10n ** BigInt(MIN_SCALE - scale);
    value = divAwayFromZero(value, div);
    scale = MIN_SCALE;
  }
  if (value === 0n) return { value: 0n, scale: 0, format };
  while (value % 10n === 0n) {
    value /= 10n;
    scale += 1;
  }
  return { value, scale, format };
}

function splitNumber(str: string): { positive: boolean; num: string; denom: string; suffix: string } {
  let pos = 0;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(numStart, pos);
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const dStart = pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(dStart, pos);
  }
  const suffixStart = pos;
  while (pos < str.length && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < str.length) throw new QuantityError(ErrFormatWrong);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

/** resource.ParseQuantity; throws QuantityError with Kubernetes' message. */
export function parseQuantity(input: string): Quantity {
  const str = input;
  if (str.length === 0) throw new QuantityError(ErrFormatWrong);
  const { positive, num, denom, suffix } = splitNumber(str);

  let format: QuantityFormat;
  let base10Exp = 0;
  let base2Exp = 0;
  if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    base10Exp = decimalSuffixes[suffix];
  } else if (suffix in binarySuffixes) {
    format = 'BinarySI';
    base2Exp = binarySuffixes[suffix];
  } else if (/^[eE][-+]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    base10Exp = Number(suffix.slice(1));
    if (!Number.isSafeInteger(base10Exp)) throw new QuantityError(ErrSuffix);
  } else {
    throw new QuantityError(ErrSuffix);
  }

  const digits = (num + denom).replace(/^0+(?=\d)/, '') || '0';
  let value = BigInt(digits);
  if (!positive) value = -value;
  const scale = base10Exp - denom.length;
  if (base2Exp > 0) value *= 2n ** BigInt(base2Exp);
  return normalize(value, scale, format);
}

/** parseQuantity that returns undefined instead of throwing. */
export function tryParseQuantity(input: string): Quantity | undefined {
  try {
    return parseQuantity(input);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** A quantity of `n × 10^scale` units (e.g. quantityOf(250, -3) is "250m"). */
export function quantityOf(n: bigint | number, scale = 0, format: QuantityFormat = 'DecimalSI'): Quantity {
  if (typeof n === 'number') {
    if (!Number.isInteger(n)) throw new QuantityError(ErrNumeric);
    n = BigInt(n);
  }
  return normalize(n, scale, format);
}

/** Milli-units: resource.NewMilliQuantity. */
export function milliQuantity(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return quantityOf(milli, -3, format);
}

/** The amount × 10^-exp, rounded away from zero to an integer (as Quantity.ScaledValue). */
export function scaledValue(q: Quantity, exp: number): bigint {
  const shift = q.scale - exp;
  if (shift >= 0) return q.value * 10n ** BigInt(shift);
  return divAwayFromZero(q.value, 10n ** BigInt(-shift));
}

/** Quantity.Value(): whole units rounded up (bytes, pods, cores). */
export function quantityValue(q: Quantity): number {
  return Number(scaledValue(q, 0));
}

/** Quantity.MilliValue(): milli-units rounded up (cpu in millicores). */
export function milliValue(q: Quantity): number {
  return Number(scaledValue(q, -3));
}

/** The exact amount as a float (for ratios and display only). */
export function asApproximateFloat(q: Quantity): number {
  return Number(q.value) * 10 ** q.scale;
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [a.value * 10n ** BigInt(a.scale - scale), b.value * 10n ** BigInt(b.scale - scale), scale];
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function equalQuantity(a: Quantity, b: Quantity): boolean {
  return compareQuantity(a, b) === 0;
}

/** a + b, keeping a's format (or b's when a is zero, as Kubernetes does). */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  const format = a.value === 0n ? b.format : a.format;
  return normalize(x + y, scale, format);
}

export function subQuantity(a: Quantity, b: Quantity): Quantity {
  return addQuantity(a, { ...b, value: -b.value });
}

export function isZero(q: Quantity): boolean {
  return q.value === 0n;
}

/** Mantissa and exponent (multiple of 3) with the mantissa an integer and the exponent largest. */
function canonicalDecimal(q: Quantity): { mantissa: bigint; exp: number } {
  let mantissa = q.value;
  let exp = q.scale;
  const r = ((exp % 3) + 3) % 3;
  if (r !== 0) {
    mantissa *= 10n ** BigInt(r);
    exp -= r;
  }
  return { mantissa, exp };
}

/** Quantity.String(): Kubernetes' canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const whole = q.scale >= 0;
    const small = compareQuantity(q, quantityOf(1024)) < 0 && compareQuantity(q, quantityOf(-1024)) > 0;
    if (small || !whole) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let n = q.value * 10n ** BigInt(q.scale);
    let exp = 0;
    while (exp < 60 && n % 1024n === 0n) {
      n /= 1024n;
      exp += 10;
    }
    return `${n}${binaryByExp.get(exp) ?? ''}`;
  }
  const { mantissa, exp } = canonicalDecimal(q);
  if (format === 'DecimalExponent') return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  const suffix = decimalByExp.get(exp);
  return suffix !== undefined ? `${mantissa}${suffix}` : `${mantissa}e${exp}`;
}

/** Parse then format: the canonical spelling of a quantity string. */
export function canonicalQuantity(s: string): string {
  return formatQuantity(parseQuantity(s));
}
