// kubectl's JSONPath templates (-o jsonpath=…, wait --for=jsonpath=…): literal text, {.a.b},
// [n], [start:end], [*], ..name (recursive), [?(@.x=="v")] filters, {range …}{end}, {"\n"} string
// literals and {.a,.b} unions. Several results print space-separated; maps and lists print as JSON.
import { CliError } from './cli-runtime/io.js';

type Node = { kind: 'text'; text: string } | { kind: 'expr'; expr: string } | { kind: 'range'; expr: string; body: Node[] };

export function parseTemplate(template: string): Node[] {
  let i = 0;
  const parseNodes = (inRange: boolean): Node[] => {
    const out: Node[] = [];
    let text = '';
    while (i < template.length) {
      const c = template[i];
      if (c !== '{') {
        text += c;
        i++;
        continue;
      }
      const end = findClose(template, i);
      const inner = template.slice(i + 1, end).trim();
      i = end + 1;
      if (text) out.push({ kind: 'text', text });
      text = '';
      if (inner === 'end') {
        if (!inRange) throw new CliError('error: error parsing jsonpath: not in range, nothing to end');
        return out;
      }
      if (inner.startsWith('range ')) out.push({ kind: 'range', expr: inner.slice(6).trim(), body: parseNodes(true) });
      else out.push({ kind: 'expr', expr: inner });
    }
    if (text) out.push({ kind: 'text', text });
    if (inRange) throw new CliError('error: error parsing jsonpath: unclosed range');
    return out;
  };
  return parseNodes(false);
}

function findClose(s: string, open: number): number {
  let quote = '';
  for (let j = open + 1; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return j;
  }
  throw new CliError(`error: error parsing jsonpath ${s}: unclosed action`);
}

/** Evaluates one path expression against `root` (and `cur` for @ / relative paths). */
export function evaluate(expr: string, cur: unknown): unknown[] {
  expr = expr.trim();
  if (/^".*"$/s.test(expr) || /^'.*'$/s.test(expr)) return [unquote(expr)];
  if (expr.includes(',') && !expr.includes('[?')) return expr.split(',').flatMap((e) => evaluate(e, cur));
  let values: unknown[] = [cur];
  let i = expr.startsWith('$') || expr.startsWith('@') ? 1 : 0;
  while (i < expr.length) {
    if (expr.startsWith('..', i)) {
      const m = /^\.\.([\w-]+)/.exec(expr.slice(i));
      if (!m) throw new CliError(`error: error parsing jsonpath {${expr}}`);
      values = values.flatMap((v) => recursive(v, m[1]));
      i += m[0].length;
    } else if (expr[i] === '.') {
      const m = /^\.([^.[\s]*)/.exec(expr.slice(i)) ?? ['.', ''];
      const key = m[1];
      if (key === '' || key === '*') values = key === '*' ? values.flatMap(children) : values;
      else values = values.flatMap((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && key in v ? [(v as Record<string, unknown>)[key]] : []));
      i += m[0].length;
    } else if (expr[i] === '[') {
      const close = matchBracket(expr, i);
      const inner = expr.slice(i + 1, close).trim();
      values = values.flatMap((v) => subscript(v, inner));
      i = close + 1;
    } else throw new CliError(`error: error parsing jsonpath {${expr}}: unrecognized character in action: U+${expr.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} '${expr[i]}'`);
  }
  return values;
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let j = open; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  throw new CliError(`error: error parsing jsonpath: unterminated array`);
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]);
  return [];
}

function recursive(v: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (key in o) out.push(o[key]);
      for (const k of Object.keys(o).sort()) walk(o[k]);
    }
  };
  walk(v);
  return out;
}

function subscript(v: unknown, inner: string): unknown[] {
  if (inner === '*') return children(v);
  if (inner.startsWith('?')) {
    const m = /^\?\(\s*(@[^=!<>\s]*)\s*(==|!=|<=|>=|<|>)?\s*(.*?)\s*\)$/.exec(inner);
    if (!m || !Array.isArray(v)) return [];
    return v.filter((item) => {
      const got = evaluate(m[1], item);
      if (!m[2]) return got.length > 0 && got[0] !== false && got[0] !== null;
      const want = /^["']/.test(m[3]) ? unquote(m[3]) : Number.isNaN(Number(m[3])) ? m[3] : Number(m[3]);
      return got.some((g) => compare(g, m[2], want));
    });
  }
  if (Array.isArray(v)) {
    const slice = /^(-?\d*):(-?\d*)(?::(\d+))?$/.exec(inner);
    if (slice) {
      const n = v.length;
      const norm = (x: string, d: number): number => (x === '' ? d : Number(x) < 0 ? Math.max(n + Number(x), 0) : Math.min(Number(x), n));
      const step = slice[3] ? Number(slice[3]) : 1;
      const out: unknown[] = [];
      for (let k = norm(slice[1], 0); k < norm(slice[2], n); k += step) out.push(v[k]);
      return out;
    }
    if (/^-?\d+$/.test(inner)) {
      const k = Number(inner) < 0 ? v.length + Number(inner) : Number(inner);
      if (k < 0 || k >= v.length) throw new CliError(`error: array index out of bounds: index ${inner}, length ${v.length}`);
      return [v[k]];
    }
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const key = unquote(inner);
    return key in v ? [(v as Record<string, unknown>)[key]] : [];
  }
  return [];
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || String(a) === String(b);
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    default:
      return Number(a) >= Number(b);
  }
}

function unquote(s: string): string {
  if (!/^["']/.test(s)) return s;
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Go's fmt of a value inside a template: strings raw, other scalars as JSON, objects as compact JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** Runs a template against an object, as kubectl's JSONPath printer does. */
export function execute(template: string, data: unknown, allowMissing = true): string {
  const run = (nodes: Node[], cur: unknown): string => {
    let out = '';
    for (const n of nodes) {
      if (n.kind === 'text') out += n.text;
      else if (n.kind === 'expr') {
        const vals = evaluate(n.expr, cur);
        if (vals.length === 0 && !allowMissing) throw new CliError(`error: error executing jsonpath "${template}": ${n.expr} is not found`);
        out += vals.map(formatValue).join(' ');
      } else for (const item of evaluate(n.expr, cur).flatMap((v) => (Array.isArray(v) ? v : [v]))) out += run(n.body, item);
    }
    return out;
  };
  return run(parseTemplate(template), data);
}
