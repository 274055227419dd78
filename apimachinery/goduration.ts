// Go's time.ParseDuration and time.Duration.String(), exactly: the syntax every Kubernetes duration
// flag and configuration field takes. Values are computed in nanoseconds (BigInt, int64 range as in
// Go) and handed out as milliseconds.

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

const units: Record<string, bigint> = { ns: NS, us: US, 'µs': US, 'μs': US, ms: MS, s: S, m: M, h: H };
const LIMIT = 1n << 63n;

function invalid(orig: string): Error {
  return new Error(`time: invalid duration ${JSON.stringify(orig)}`);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go's time.ParseDuration in nanoseconds; throws Go's error messages ("time: invalid duration …"). */
export function parseGoDurationNs(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid(orig);
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid(orig);
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) throw invalid(orig);
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = f * 10n + BigInt(s.charCodeAt(j) - 48);
          if (next > LIMIT) overflow = true;
          else {
            f = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid(orig);
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) throw new Error(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = units[u];
    if (unit === undefined) throw new Error(`time: unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(orig)}`);
    if (v > LIMIT / unit) throw invalid(orig);
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid(orig);
    }
    d += v;
    if (d > LIMIT) throw invalid(orig);
  }
  if (neg) return -d;
  if (d > LIMIT - 1n) throw invalid(orig);
  return d;
}

/** Go's time.ParseDuration, in milliseconds (fractions below a millisecond kept). */
export function parseGoDuration(s: string): number {
  return Number(parseGoDurationNs(s)) / 1e6;
}

/** The fraction of v / 10^prec without trailing zeros ("" when it is zero), as Go's fmtFrac. */
function frac(v: bigint, prec: number): string {
  const digits = (v % 10n ** BigInt(prec)).toString().padStart(prec, '0').replace(/0+$/, '');
  return digits === '' ? '' : `.${digits}`;
}

/** Go's Duration.String() of a duration in nanoseconds: "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDurationNs(ns: bigint): string {
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  let out: string;
  if (u < S) {
    if (u === 0n) return '0s';
    if (u < US) out = `${u}ns`;
    else if (u < MS) out = `${u / US}${frac(u, 3)}µs`;
    else out = `${u / MS}${frac(u, 6)}ms`;
  } else {
    const secs = u / S;
    out = `${secs % 60n}${frac(u, 9)}s`;
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m${out}`;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Go's Duration.String() of a duration in milliseconds (rounded to the nanosecond). */
export function formatGoDuration(ms: number): string {
  return formatGoDurationNs(BigInt(Math.round(ms * 1e6)));
}
