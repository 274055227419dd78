// The one Ajv configuration for Kubernetes' OpenAPI schemas: the same formats, vocabulary and schema
// rewriting whether validators are compiled at run time (schema.ts) or generated at build time as
// standalone code (generate.ts, loaded by compiled.ts).
import { Ajv, _ } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { refPrefix, type Schema } from '../openapi/types.js';

export const quantityRegex = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const quantityName = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** What generated validators `require` for their formats; see compiled.ts. */
export const formatsModuleId = 'k8ts:schema-formats';

type Format = (typeof fullFormats)[keyof typeof fullFormats] | true | RegExp;

/** Every format the schemas use: ajv-formats' full set, int-or-string (checked by type) and quantity. */
export function schemaFormats(): Record<string, Format> {
  return { ...fullFormats, 'int-or-string': true, quantity: new RegExp(quantityRegex) };
}

/** The id under which the definitions are added; validators are compiled from `k8s#/$defs/<name>`. */
export function schemaRef(name: string): string {
  return `k8s#/$defs/${name}`;
}

/**
 * The definitions as Ajv needs them: `#/components/schemas/X` references become `#/$defs/X`, the
 * `description` keyword goes (validation never reads it; it only makes compiled code bigger), and
 * Quantity strings get their syntax check (the validator's copy only).
 */
export function validatorSchemas(schemas: Record<string, Schema>): Record<string, Schema> {
  const out = rewrite(schemas, 'map') as Record<string, Schema>;
  const q = out[quantityName];
  if (q?.oneOf) out[quantityName] = { ...q, oneOf: q.oneOf.map((b) => (b.type === 'string' ? { ...b, format: 'quantity' } : b)) };
  return out;
}

// `map`: an object whose keys are names (definitions, properties); `schema`: a schema object.
function rewrite(value: unknown, as: 'map' | 'schema'): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, 'schema'));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (as === 'map') out[k] = rewrite(v, 'schema');
    else if (k === 'description') continue;
    else if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) out[k] = `#/$defs/${v.slice(refPrefix.length)}`;
    else if (k === 'properties' || k === 'patternProperties' || k === '$defs') out[k] = rewrite(v, 'map');
    else if (k === 'enum' || k === 'default' || k === 'example' || k === 'const' || k.startsWith('x-')) out[k] = v;
    else out[k] = rewrite(v, 'schema');
  }
  return out;
}

/** An Ajv holding every definition; `source` keeps the generated code for standalone output. */
export function newAjv(schemas: Record<string, Schema>, opts: { source?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    ...(opts.source ? { code: { source: true, formats: _`require(${formatsModuleId})` } } : {}),
  });
  for (const [name, format] of Object.entries(schemaFormats())) ajv.addFormat(name, format);
  ajv.addVocabulary(['x-kubernetes-group-version-kind', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields']);
  ajv.addSchema({ $id: 'k8s', $defs: validatorSchemas(schemas) });
  return ajv;
}
