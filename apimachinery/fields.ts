// Field selectors as in k8s.io/apimachinery/pkg/fields plus the per-kind selectable fields the real
// API server supports (each registry's GetAttrs / field label conversion). Syntax: `a=b`, `a==b`,
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
// Per-kind selectable fields

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function bool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

type FieldSet = Record<string, string>;
type Extractor = (o: Json) => FieldSet;

function podFields(o: Json): FieldSet {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const ips = Array.isArray(status.podIPs) ? status.podIPs : [];
  const podIP = ips.length > 0 ? str(obj(ips[0]).ip) : str(status.podIP);
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': bool(spec.hostNetwork),
    'status.phase': str(status.phase),
    'status.podIP': podIP,
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

function eventFields(o: Json): FieldSet {
  const io = obj(o.involvedObject);
  const source = str(obj(o.source).component) || str(o.reportingComponent);
  return {
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(o.reason),
    reportingComponent: str(o.reportingComponent),
    source,
    type: str(o.type),
  };
}

const kindFields: Record<string, Extractor> = {
  Pod: podFields,
  Event: eventFields,
  Node: (o) => ({ 'spec.unschedulable': bool(obj(o.spec).unschedulable) }),
  Secret: (o) => ({ type: str(o.type) }),
  Namespace: (o) => ({ 'status.phase': str(obj(o.status).phase) }),
  ReplicaSet: (o) => ({ 'status.replicas': String(Number(obj(o.status).replicas ?? 0)) }),
  Service: (o) => ({ 'spec.clusterIP': str(obj(o.spec).clusterIP), 'spec.type': str(obj(o.spec).type) }),
};

// The same field names, for validation without an object.
const kindFieldNames: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(kindFields).map(([k, f]) => [k, Object.keys(f({}))]),
);

/** The fields of `kind` that field selectors may use. */
export function supportedFields(kind: string): string[] {
  return ['metadata.name', 'metadata.namespace', ...(kindFieldNames[kind] ?? [])];
}

/** The selectable field set of an object of `kind` (missing values are ""). */
export function selectableFields(kind: string, o: object): FieldSet {
  const j = o as Json;
  const meta = obj(j.metadata);
  return {
    'metadata.name': str(meta.name),
    'metadata.namespace': str(meta.namespace),
    ...(kindFields[kind]?.(j) ?? {}),
  };
}

/**
 * A predicate for objects of `kind`. Throws 400 BadRequest "field label not supported: <field>"
 * at once when the selector names a field the kind does not support.
 */
export function fieldMatcher(kind: string, sel: FieldSelector): (o: object) => boolean {
  const supported = new Set(supportedFields(kind));
  for (const r of sel.requirements) {
    if (!supported.has(r.field)) throw errors.badRequest(`field label not supported: ${r.field}`);
  }
  if (sel.requirements.length === 0) return () => true;
  return (o) => {
    const fs = selectableFields(kind, o);
    return sel.requirements.every((r) => (r.operator === '=' ? fs[r.field] === r.value : fs[r.field] !== r.value));
  };
}
