// Server-side field validation (?fieldValidation=Strict|Warn|Ignore): fields an object carries that its
// schema does not declare, duplicate keys in the raw JSON body, and the messages Kubernetes uses for
// them (`strict decoding error: unknown field "spec.replicass"` / warning `unknown field "…"`).
import { ApiError, errors } from '../../apimachinery/errors.js';
import type { GroupVersionKind, Schema } from '../openapi/types.js';
import { child, deref, joinPath, preservesUnknown, type Schemas } from './schema-walk.js';

/** Paths of fields in `obj` not declared by `root`, honouring maps and preserve-unknown-fields. */
export function unknownFieldsIn(schemas: Schemas, root: Schema | undefined, obj: unknown): string[] {
  const out: string[] = [];
  const walk = (schema: Schema | undefined, value: unknown, path: string): void => {
    if (!schema || value === null || typeof value !== 'object' || preservesUnknown(schema)) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(child(schemas, schema, i).schema, v, joinPath(path, { kind: 'index', index: i })));
      return;
    }
    // A value whose schema is not an object (e.g. IntOrString) cannot hold fields we could judge.
    if (!schema.properties && typeof schema.additionalProperties !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const c = child(schemas, schema, k);
      const p = joinPath(path, c.seg);
      if (!c.schema) out.push(p);
      else walk(c.schema, v, p);
    }
  };
  walk(deref(schemas, root), obj, '');
  return out;
}

const needsDecoding = /[\u0000-\u001f\\]/;

/**
 * Keys that appear twice in the same JSON object of `rawJson`, as dotted paths (`spec.replicas`,
 * `spec.template.spec.containers[0].name`). Returns [] for text that is not valid JSON.
 */
export function duplicateFields(rawJson: string): string[] {
  const out: string[] = [];
  type Frame = { kind: 'object'; path: string; keys: Set<string>; key?: string } | { kind: 'array'; path: string; index: number };
  const stack: Frame[] = [];
  const s = rawJson;
  let i = 0;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'array') return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${top.key}` : (top.key ?? '');
  };
  const readString = (): string | undefined => {
    const start = i;
    i++; // opening quote
    // Jump from quote to quote (indexOf is native); a quote after an odd run of backslashes is escaped.
    for (;;) {
      const q = s.indexOf('"', i);
      if (q < 0) {
        i = s.length;
        return undefined;
      }
      let b = q - 1;
      while (b > start && s.charCodeAt(b) === 0x5c) b--;
      i = q + 1;
      if ((q - 1 - b) % 2 === 0) break;
    }
    const body = s.slice(start + 1, i - 1);
    // Without escapes or control characters the text is the string itself; otherwise JSON decides.
    if (!needsDecoding.test(body)) return body;
    try {
      return JSON.parse(s.slice(start, i)) as string;
    } catch {
      return undefined;
    }
  };
  let expectKey = false;
  while (i < s.length) {
    const c = s[i];
    if (c === '{') {
      stack.push({ kind: 'object', path: childPath(), keys: new Set() });
      expectKey = true;
      i++;
    } else if (c === '[') {
      stack.push({ kind: 'array', path: childPath(), index: 0 });
      expectKey = false;
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      expectKey = top?.kind === 'object';
      i++;
    } else if (c === '"') {
      const str = readString();
      if (str === undefined) return [];
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        if (top.keys.has(str)) out.push(top.path ? `${top.path}.${str}` : str);
        top.keys.add(str);
        top.key = str;
        expectKey = false;
      }
    } else i++;
  }
  return out;
}

/** `strict decoding error: unknown field "a", duplicate field "b"` (empty string when there is nothing to report). */
export function strictDecodingMessage(unknown: string[], duplicates: string[]): string {
  const parts = [...unknown.map((f) => `unknown field "${f}"`), ...duplicates.map((f) => `duplicate field "${f}"`)];
  return parts.length ? `strict decoding error: ${parts.join(', ')}` : '';
}

/** The 400 BadRequest Kubernetes returns for fieldValidation=Strict on create/update. */
export function strictDecodingError(gvk: GroupVersionKind, unknown: string[], duplicates: string[]): ApiError {
  return errors.badRequest(
    `${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: ${strictDecodingMessage(unknown, duplicates)}`,
  );
}

/** Texts for `Warning: 299 - "<text>"` headers under fieldValidation=Warn. */
export function fieldValidationWarnings(unknown: string[], duplicates: string[]): string[] {
  return [...unknown.map((f) => `unknown field "${f}"`), ...duplicates.map((f) => `duplicate field "${f}"`)];
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** Parses ?fieldValidation= (case-sensitive as in Kubernetes); undefined for an invalid value. */
export function parseFieldValidation(v: string | undefined, fallback: FieldValidation = 'Warn'): FieldValidation | undefined {
  if (v === undefined || v === '') return fallback;
  return v === 'Ignore' || v === 'Warn' || v === 'Strict' ? v : undefined;
}
