// Schema validation of whole objects against their kind's generated OpenAPI schema (ajv 8 +
// ajv-formats): wrong types, missing required fields, unsupported enum values and bad formats become
// Kubernetes FieldErrors with Kubernetes field paths. Validators come generated at build time (compiled.ts) or
// are compiled here once per kind, on first use.
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { fieldErrors, type FieldError } from '../../apimachinery/errors.js';
import { schemaLookup } from '../openapi/documents.js';
import type { DefinitionsFile, GroupVersionKind, Schema } from '../openapi/types.js';
import { newAjv, quantityRegex, schemaRef } from './ajv.js';
import type { CompiledValidators } from './compiled.js';
import { fieldPathOf, type Schemas } from './schema-walk.js';
import { unknownFieldsIn } from './unknown-fields.js';

export { quantityRegex };

/** Drops object properties set to null: Kubernetes decodes them as unset (e.g. creationTimestamp: null). */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
  return out;
}

/** Whether stripNulls would change `value`: some object member somewhere is null. */
function hasNullMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullMember);
  if (!value || typeof value !== 'object') return false;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v === null || hasNullMember(v)) return true;
  }
  return false;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export class SchemaValidator {
  private ajvInstance?: Ajv;
  private readonly schemas: Schemas;
  private readonly lookup: (gvk: GroupVersionKind) => string | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * `prebuilt`: validators generated at build time for these very definitions (compiled.ts); kinds
   * without one are compiled here on first use. Ajv itself is only set up when that happens.
   */
  constructor(defs: DefinitionsFile, prebuilt?: CompiledValidators) {
    this.schemas = defs.schemas;
    this.lookup = schemaLookup(defs);
    if (prebuilt) for (const [name, fn] of prebuilt) this.compiled.set(name, fn);
  }

  private get ajv(): Ajv {
    this.ajvInstance ??= newAjv(this.schemas);
    return this.ajvInstance;
  }

  /** The definition name for a kind, if we have its schema. */
  definitionFor(gvk: GroupVersionKind): string | undefined {
    return this.lookup(gvk);
  }

  /** Compiles the validators of `gvks` not prebuilt now (the first compile of a Pod-bearing kind takes ~0.5 s). */
  precompile(gvks: GroupVersionKind[]): void {
    for (const g of gvks) {
      const name = this.lookup(g);
      if (name) this.validatorFor(name);
    }
  }

  private validatorFor(name: string): ValidateFunction {
    let fn = this.compiled.get(name);
    if (!fn) {
      fn = this.ajv.compile({ $ref: schemaRef(name) });
      this.compiled.set(name, fn);
    }
    return fn;
  }

  /** Schema errors of `obj` as kind `gvk`; [] when the kind has no schema (nothing to check). */
  validateSchema(gvk: GroupVersionKind, obj: unknown): FieldError[] {
    const name = this.lookup(gvk);
    if (!name) return [];
    const fn = this.validatorFor(name);
    // ajv only reads `data`: copy without nulls only when there are some.
    const data = hasNullMember(obj) ? stripNulls(obj) : obj;
    if (fn(data)) return [];
    return this.toFieldErrors(fn.errors ?? [], this.schemas[name], data);
  }

  /** Paths of fields the kind's schema does not declare (for fieldValidation Strict/Warn). */
  unknownFields(gvk: GroupVersionKind, obj: unknown): string[] {
    const name = this.lookup(gvk);
    return name ? unknownFieldsIn(this.schemas, this.schemas[name], obj) : [];
  }

  private toFieldErrors(errs: ErrorObject[], root: Schema, data: unknown): FieldError[] {
    // oneOf (IntOrString, Quantity): report the branch whose type matched, or one type error.
    const oneOfs = errs.filter((e) => e.keyword === 'oneOf');
    const inOneOf = (e: ErrorObject) =>
      oneOfs.find((o) => o !== e && o.instancePath === e.instancePath && e.schemaPath.startsWith(o.schemaPath + '/'));
    const out: FieldError[] = [];
    const seen = new Set<string>();
    const push = (fe: FieldError) => {
      const key = `${fe.field}\u0000${fe.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(fe);
      }
    };
    // A value of the wrong type gets one error, not a type error plus format/enum noise.
    const mistyped = new Set(errs.filter((e) => e.keyword === 'type' && !inOneOf(e)).map((e) => e.instancePath));
    for (const e of errs) {
      if (inOneOf(e)) continue;
      if (e.keyword !== 'type' && e.keyword !== 'required' && mistyped.has(e.instancePath)) continue;
      const path = fieldPathOf(this.schemas, root, data, e.instancePath);
      if (e.keyword === 'oneOf') {
        const branches = errs.filter((b) => inOneOf(b) === e);
        const typeMatched = new Map<string, ErrorObject[]>();
        for (const b of branches) {
          const branch = b.schemaPath.slice(e.schemaPath.length + 1).split('/')[0];
          typeMatched.set(branch, [...(typeMatched.get(branch) ?? []), b]);
        }
        const matched = [...typeMatched.values()].find((bs) => !bs.some((b) => b.keyword === 'type' && b.instancePath === e.instancePath));
        if (matched) matched.forEach((b) => push(this.one(b, path)));
        else {
          const types = ((e.parentSchema as Schema | undefined)?.oneOf ?? []).map((b) => b.type).join(',');
          push(fieldErrors.typeInvalid(path, e.data, `${path} in body must be of type ${types}: "${jsonType(e.data)}"`));
        }
        continue;
      }
      if (e.keyword === 'required') {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        push(fieldErrors.required(path ? `${path}.${missing}` : missing));
        continue;
      }
      push(this.one(e, path));
    }
    return out;
  }

  private one(e: ErrorObject, path: string): FieldError {
    const where = path || '<root>';
    switch (e.keyword) {
      case 'type':
        return fieldErrors.typeInvalid(where, e.data, `${where} in body must be of type ${(e.params as { type: string }).type}: "${jsonType(e.data)}"`);
      case 'enum':
        return fieldErrors.notSupported(where, e.data, ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String));
      case 'format': {
        const format = (e.params as { format: string }).format;
        if (format === 'quantity') return fieldErrors.invalid(where, e.data, `quantities must match the regular expression '${quantityRegex}'`);
        return fieldErrors.invalid(where, e.data, `${where} in body must be of type ${format}: ${JSON.stringify(String(e.data))}`);
      }
      default:
        return fieldErrors.invalid(where, e.data, `${where} in body ${e.message ?? 'is invalid'}`);
    }
  }
}
