// A resource.Quantity as Go's %#v prints it, which is how Kubernetes' field errors show a Quantity
// given as the bad value (it has no value-receiver String):
//   resource.Quantity{i:resource.int64Amount{value:2147483648, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2Gi", Format:"BinarySI"}
// int64Amount and the cached string s follow ParseQuantity's fast path (k8s.io/apimachinery/pkg/api/resource).
const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface Parsed {
  value: bigint;
  scale: number;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  /** What ParseQuantity caches: the input when it is already canonical. */
  s: string;
}

function parse(str: string): Parsed | undefined {
  if (str === '0') return { value: 0n, scale: 0, format: 'DecimalSI', s: '0' };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$/.exec(str);
  if (!m) return undefined;
  const [, sign, rawNum, denom = '', suffix] = m;
  const num = rawNum === '' ? '0' : rawNum;
  const shifted = num + denom;
  let digits = BigInt(shifted);
  if (sign === '-') digits = -digits;
  if (suffix in binary) {
    const exp = binary[suffix];
    const cached = exp % 10 === 0 && (BigInt(num) & 7n) !== 0n && denom === '';
    return { value: digits * (1n << BigInt(exp)), scale: 0, format: 'BinarySI', s: cached ? str : '' };
  }
  const exponential = /^[eE]/.test(suffix);
  const exp = exponential ? Number(suffix.slice(1)) : decimal[suffix];
  if (exp === undefined) return undefined;
  const scale = exp - denom.length;
  const cached = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return { value: digits, scale, format: exponential ? 'DecimalExponent' : 'DecimalSI', s: cached ? str : '' };
}

/** %#v of the Quantity parsed from `raw`; `s` overrides the cached string (after a String() call it is the canonical form). */
export function goQuantity(raw: string, s?: string): string {
  const p = parse(raw.trim());
  if (!p) return JSON.stringify(raw);
  return `resource.Quantity{i:resource.int64Amount{value:${p.value}, scale:${p.scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s ?? p.s)}, Format:${JSON.stringify(p.format)}}`;
}
