// Field selectors as in k8s.io/apimachinery/pkg/fields, and matching them against an object's
// selectable fields (each resource's GetAttrs, declared by its API server module). Syntax: `a=b`, `a==b`,
// `a!=b`, comma-separated, values may escape `\`, `,` and `=` with a backslash. Selecting on a field
// the kind doesn't support is a 400 BadRequest "field label not supported: <field>".

import { errors } from './errors.js';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** Splits on unescaped commas; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue; throws an Error with Kubernetes' message. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. its code point.
      throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.ParseSelector; a syntax error is a 400 BadRequest with Kubernetes' message. "" selects everything. */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    let value: string;
    try {
      value = unescapeValue(t.rhs);
    } catch (e) {
      throw errors.badRequest((e as Error).message);
    }
    requirements.push({ field: t.lhs, operator: t.op === '!=' ? '!=' : '=', value });
  }
  return { requirements };
}

/** Selector.String(): terms joined by ",", values escaped. */
export function fieldSelectorString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
}

/** RequiresExactMatch: the value a selector pins `field` to with `=`, if any. */
export function exactMatch(sel: FieldSelector, field: string): string | undefined {
  return sel.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}

// ---------------------------------------------------------------------------------------------
// Selectable fields: metadata.name and metadata.namespace for every resource, plus the labels a
// resource declares (its GetAttrs; the API server's resource modules hold them).

type Json = Record<string, unknown>;

/** A resource's selectable fields beyond metadata.name/namespace, and how to read each from an object. */
export type FieldLabels = Readonly<Record<string, (o: Json) => string>>;

type FieldSet = Record<string, string>;

function metaString(o: Json, field: string): string {
  const m = o.metadata;
  const v = m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as Json)[field] : undefined;
  return typeof v === 'string' ? v : '';
}

/** The fields that field selectors may use on a resource with `labels`. */
export function supportedFields(labels: FieldLabels = {}): string[] {
  return ['metadata.name', 'metadata.namespace', ...Object.keys(labels)];
}

/** The selectable field set of an object (missing values are ""). */
export function selectableFields(labels: FieldLabels, o: object): FieldSet {
  const j = o as Json;
  const out: FieldSet = { 'metadata.name': metaString(j, 'name'), 'metadata.namespace': metaString(j, 'namespace') };
  for (const [field, read] of Object.entries(labels)) out[field] = read(j);
  return out;
}

/**
 * A predicate for objects of a resource with `labels`. Throws 400 BadRequest "field label not
 * supported: <field>" at once when the selector names a field the resource does not support.
 */
export function fieldMatcher(labels: FieldLabels, sel: FieldSelector): (o: object) => boolean {
  const supported = new Set(supportedFields(labels));
  for (const r of sel.requirements) {
    if (!supported.has(r.field)) throw errors.badRequest(`field label not supported: ${r.field}`);
  }
  if (sel.requirements.length === 0) return () => true;
  return (o) => {
    const fs = selectableFields(labels, o);
    return sel.requirements.every((r) => (r.operator === '=' ? fs[r.field] === r.value : fs[r.field] !== r.value));
  };
}
