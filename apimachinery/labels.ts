// Label selectors as in k8s.io/apimachinery/pkg/labels: the string syntax used by `?labelSelector=`
// and `kubectl -l` (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`),
// metav1.LabelSelector (matchLabels + matchExpressions), matching, and the canonical string form.
// Parse errors carry Kubernetes' own messages; the string parser throws them as 400 BadRequest.

import { errors } from './errors.js';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted and de-duplicated for set operators; exactly one for =, ==, !=, gt, lt; empty for exists/!. */
  readonly values: readonly string[];
}

export interface Selector {
  readonly requirements: readonly Requirement[];
  /** A selector that matches nothing (a nil metav1.LabelSelector). */
  readonly nothing?: boolean;
}

export type Labels = Readonly<Record<string, string>> | undefined;

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Raised for an invalid selector; `message` is Kubernetes' text. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

export const everything: Selector = { requirements: [] };
export const nothing: Selector = { requirements: [], nothing: true };

// ---------------------------------------------------------------------------------------------
// Validation (k8s.io/apimachinery/pkg/util/validation, as of 1.32)

const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyRe = new RegExp(`^${labelKeyFmt}$`);
const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const isInteger = (v: string): boolean => /^[+-]?\d+$/.test(v);

/** IsQualifiedName: the problems with a label key, empty when valid. */
export function labelKeyErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    if (prefix.length > 253) errs.push(`prefix part ${maxLenError(253)}`);
    if (prefix.length > 0 && !dns1123SubdomainRe.test(prefix)) {
      errs.push(`prefix part ${regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com')}`);
    }
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!labelKeyRe.test(name)) errs.push(`name part ${regexError(qualifiedNameErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** IsValidLabelValue: the problems with a label value, empty when valid. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** field.Invalid(path, value, detail).Error() */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

/** utilerrors.Aggregate.Error(): one message as is, several de-duplicated in brackets. */
function aggregate(msgs: string[]): string {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

/**
 * NewRequirement: validates key, operator and values. `path` prefixes field paths as in Go
 * (undefined = no path, giving "key"/"values[0]").
 */
export function newRequirement(key: string, operator: Operator, values: string[], path?: string): Requirement {
  const child = (name: string): string => (path ? `${path}.${name}` : name);
  const errs: string[] = [];
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length) errs.push(invalid(child('key'), key, keyErrs.join('; ')));
  const valuesPath = child('values');
  const goList = `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(`${valuesPath}: Invalid value: ${goList}: for 'in', 'notin' operators, values set can't be empty`);
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(`${valuesPath}: Invalid value: ${goList}: exact-match compatibility requires one single value`);
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(`${valuesPath}: Invalid value: ${goList}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(`${valuesPath}: Invalid value: ${goList}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      values.forEach((v, i) => {
        if (!isInteger(v)) errs.push(invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((v, i) => {
    const vErrs = labelValueErrors(v);
    if (vErrs.length) errs.push(invalid(`${valuesPath}[${i}][${key}]`, v, vErrs.join('; ')));
  });
  if (errs.length) throw new SelectorError(aggregate(errs));
  const isSet = operator === 'in' || operator === 'notin';
  return { key, operator, values: isSet ? [...new Set(values)].sort() : [...values] };
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser for the string form

type Tok = 'eos' | 'id' | 'in' | 'notin' | ')' | '(' | ',' | '!' | '==' | '=' | '!=' | '>' | '<';
type Item = { tok: Tok; lit: string };

const keywords: Record<string, Tok> = { in: 'in', notin: 'notin' };
const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);

/** Every single special character is a token; `==` and `!=` are the only longer ones. */
function lex(s: string): Item[] {
  const out: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) return [...out, { tok: 'eos', lit: '' }];
    if (isSpecial(s[pos])) {
      const two = s.slice(pos, pos + 2);
      const lit = two === '==' || two === '!=' ? two : s[pos];
      out.push({ tok: lit as Tok, lit });
      pos += lit.length;
    } else {
      const start = pos;
      while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) pos++;
      const word = s.slice(start, pos);
      out.push({ tok: keywords[word] ?? 'id', lit: word });
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  private look(values: boolean): Item {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  private take(values: boolean): Item {
    const it = this.look(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.take(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.look(true);
      if (after.tok !== 'id' && after.tok !== '!') throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let op: Operator | undefined;
    let t = this.take(true);
    if (t.tok === '!') {
      op = '!';
      t = this.take(true);
    }
    if (t.tok !== 'id') throw new SelectorError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = labelKeyErrors(key);
    if (keyErrs.length) throw new SelectorError(invalid('<nil>', key, keyErrs.join('; ')));
    const after = this.look(true).tok;
    if (after === 'eos' || after === ',') return newRequirement(key, op ?? 'exists', []);
    if (op === '!') return newRequirement(key, '!', []);

    const o = this.take(false);
    const opMap: Partial<Record<Tok, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const operator = opMap[o.tok];
    if (!operator) throw new SelectorError(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, operator, values);
  }

  private setValues(): string[] {
    const open = this.take(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const first = this.look(true);
    if (first.tok === ')') {
      this.take(true); // "()" is the set holding the empty value
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',') throw new SelectorError(`found '${first.lit}', expected: ',', ')' or identifier`);
    const set = new Set<string>();
    for (;;) {
      const t = this.take(true);
      if (t.tok === 'id') {
        set.add(t.lit);
        const n = this.look(true);
        if (n.tok === ',') continue;
        if (n.tok === ')') break;
        throw new SelectorError(`found '${n.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (set.size === 0) set.add('');
        const n = this.look(true).tok;
        if (n === ')' || n === ',') set.add('');
        if (n === ')') break;
      } else {
        throw new SelectorError(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    this.take(true); // the ')' seen by the loop
    return [...set].sort();
  }

  private exactValue(): string[] {
    const n = this.look(true).tok;
    if (n === 'eos' || n === ',') return [''];
    const t = this.take(true);
    if (t.tok === 'id') return [t.lit];
    throw new SelectorError(`found '${t.lit}', expected: identifier`);
  }
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** labels.Parse; throws SelectorError with Kubernetes' message. An empty string selects everything. */
export function parseSelectorOrError(s: string): Selector {
  const reqs = new Parser(lex(s)).parse();
  return { requirements: reqs.sort(byKey) };
}

/** labels.Parse for `?labelSelector=`: an invalid selector is a 400 BadRequest with Kubernetes' message. */
export function parseSelector(s: string): Selector {
  try {
    return parseSelectorOrError(s);
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching and formatting

function hasKey(labels: Labels, key: string): boolean {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const present = hasKey(labels, r.key);
  const value = present ? labels![r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return present && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !present || !r.values.includes(value!);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt': {
      if (!present || !isInteger(value!) || r.values.length !== 1) return false;
      const lv = BigInt(value!);
      const rv = BigInt(r.values[0]);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** Whether every requirement holds for `labels` (a `nothing` selector never matches). */
export function matches(selector: Selector, labels: Labels): boolean {
  if (selector.nothing) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

export function isEmpty(selector: Selector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

const opText: Partial<Record<Operator, string>> = { '=': '=', '==': '==', '!=': '!=', gt: '>', lt: '<' };

/** Requirement.String(): `!a`, `a`, `a in (x,y)`, `a notin (x)`, `a=b`, `a==b`, `a!=b`, `a>1`, `a<1`. */
export function requirementToString(r: Requirement): string {
  if (r.operator === '!') return `!${r.key}`;
  if (r.operator === 'exists') return r.key;
  const v = r.values.join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${r.key} ${r.operator} (${v})` : `${r.key}${opText[r.operator]}${v}`;
}

/** Selector.String(): requirements joined by "," (sorted by key); "" for everything and nothing. */
export function selectorString(selector: Selector): string {
  return selector.requirements.map(requirementToString).join(',');
}

/** labels.SelectorFromSet: key=value for each pair, sorted by key. */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  const reqs = Object.keys(set ?? {})
    .sort()
    .map((k): Requirement => ({ key: k, operator: '=', values: [set![k]] }));
  return { requirements: reqs };
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(set: Record<string, string> | undefined): string {
  const s = Object.keys(set ?? {})
    .sort()
    .map((k) => `${k}=${set![k]}`)
    .join(',');
  return s === '' ? '<none>' : s;
}

const exprOperators: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: undefined/null → nothing; {} → everything; otherwise matchLabels
 * as `=` plus matchExpressions. Throws SelectorError for an invalid selector.
 */
export function fromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (ls === undefined || ls === null) return nothing;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of ls.matchExpressions ?? []) {
    const op = exprOperators[expr.operator];
    if (!op) throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return { requirements: reqs.sort(byKey) };
}

/** The canonical string of a metav1.LabelSelector, e.g. Scale status.selector "app=web". */
export function selectorToString(ls: LabelSelector | undefined | null): string {
  return selectorString(fromLabelSelector(ls));
}

/** metav1.FormatLabelSelector: like selectorToString, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  try {
    const s = selectorToString(ls);
    return s === '' ? '<none>' : s;
  } catch (e) {
    if (e instanceof SelectorError) return '<error>';
    throw e;
  }
}

/** Whether a label selector object matches labels; an invalid selector matches nothing. */
export function labelSelectorMatches(ls: LabelSelector | undefined | null, labels: Labels): boolean {
  try {
    return matches(fromLabelSelector(ls), labels);
  } catch (e) {
    if (e instanceof SelectorError) return false;
    throw e;
  }
}
