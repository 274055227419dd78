// OpenAPI v2 (Swagger 2.0) on GET /openapi/v2, built from the same component schemas and path
// items as the v3 documents: one document for every group-version, definitions under
// #/definitions/, bodies as `in: body` parameters. kubectl reads it (as protobuf, v2-proto.ts)
// for client-side validation of kinds missing from v3 and for `kubectl explain
// --output=plaintext-openapiv2`.
import { resources as catalogue } from '../registry/resources.js';
import { documentKeys, openapiDocument, type DocumentOptions } from './documents.js';
import type { Operation, Parameter, PathItem } from './operations.js';
import { refPrefix, type DefinitionsFile, type Schema } from './types.js';

export const v2RefPrefix = '#/definitions/';

/** A Swagger 2.0 schema: the v3 subset we use, with v2's int-or-string spelling. */
export type SchemaV2 = Omit<Schema, 'properties' | 'items' | 'additionalProperties' | 'allOf' | 'oneOf'> & {
  properties?: Record<string, SchemaV2>;
  items?: SchemaV2;
  additionalProperties?: SchemaV2 | boolean;
  allOf?: SchemaV2[];
};

export interface ParameterV2 {
  name: string;
  in: 'query' | 'path' | 'body';
  description?: string;
  required?: boolean;
  type?: string;
  uniqueItems?: boolean;
  schema?: SchemaV2;
}

export interface OperationV2 {
  description: string;
  consumes?: string[];
  produces: string[];
  schemes: string[];
  tags: string[];
  operationId: string;
  parameters?: ParameterV2[];
  responses: Record<string, { description: string; schema?: SchemaV2 }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': Operation['x-kubernetes-group-version-kind'];
}

export type PathItemV2 = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OperationV2>> & { parameters?: ParameterV2[] };

export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, PathItemV2>;
  definitions: Record<string, SchemaV2>;
}

/** A v3 schema in v2 terms: refs under #/definitions/, `allOf: [{$ref}]` as a plain $ref, int-or-string as Kubernetes writes it. */
export function toV2Schema(s: Schema): SchemaV2 {
  if (s['x-kubernetes-int-or-string']) {
    const out: SchemaV2 = { type: 'string', format: 'int-or-string' };
    if (s.description) out.description = s.description;
    return out;
  }
  const { properties, items, additionalProperties, allOf, oneOf: _oneOf, $ref, ...rest } = s;
  const out: SchemaV2 = { ...rest };
  const only = allOf?.length === 1 ? allOf[0].$ref : undefined;
  const ref = $ref ?? only;
  if (ref) out.$ref = ref.startsWith(refPrefix) ? v2RefPrefix + ref.slice(refPrefix.length) : ref;
  else if (allOf) out.allOf = allOf.map(toV2Schema);
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toV2Schema(v)]));
  if (items) out.items = toV2Schema(items);
  if (additionalProperties !== undefined) out.additionalProperties = typeof additionalProperties === 'boolean' ? additionalProperties : toV2Schema(additionalProperties);
  return out;
}

function toV2Parameter(p: Parameter): ParameterV2 {
  const out: ParameterV2 = { name: p.name, in: p.in, description: p.description };
  if (p.required) out.required = true;
  if (p.schema.type) out.type = p.schema.type;
  if (p.uniqueItems) out.uniqueItems = true;
  return out;
}

function toV2Operation(o: Operation): OperationV2 {
  const produces = new Set<string>();
  const responses: OperationV2['responses'] = {};
  for (const [code, r] of Object.entries(o.responses)) {
    const content = Object.entries(r.content ?? {});
    for (const [type] of content) produces.add(type);
    responses[code] = content.length > 0 ? { description: r.description, schema: toV2Schema(content[0][1].schema) } : { description: r.description };
  }
  const parameters = (o.parameters ?? []).map(toV2Parameter);
  const body = o.requestBody ? Object.entries(o.requestBody.content) : [];
  if (body.length > 0) parameters.unshift({ name: 'body', in: 'body', required: true, schema: toV2Schema(body[0][1].schema) });
  const out: OperationV2 = {
    description: o.description,
    produces: [...produces],
    schemes: ['https'],
    tags: o.tags,
    operationId: o.operationId,
    responses,
    'x-kubernetes-action': o['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': o['x-kubernetes-group-version-kind'],
  };
  if (body.length > 0) out.consumes = body.map(([type]) => type);
  if (parameters.length > 0) out.parameters = parameters;
  return out;
}

function toV2PathItem(item: PathItem): PathItemV2 {
  const out: PathItemV2 = {};
  for (const verb of ['get', 'put', 'post', 'patch', 'delete'] as const) {
    const op = item[verb];
    if (op) out[verb] = toV2Operation(op);
  }
  if (item.parameters) out.parameters = item.parameters.map(toV2Parameter);
  return out;
}

/** The whole Swagger 2.0 document: every group-version's paths and the definitions they use. */
export function swaggerDocument(defs: DefinitionsFile, opts: DocumentOptions = {}): SwaggerDocument {
  const paths: Record<string, PathItemV2> = {};
  const used = new Set<string>();
  for (const key of documentKeys({ resources: opts.resources ?? catalogue })) {
    const doc = openapiDocument(defs, key, opts);
    if (!doc) continue;
    for (const [path, item] of Object.entries(doc.paths)) paths[path] = toV2PathItem(item);
    for (const name of Object.keys(doc.components.schemas)) used.add(name);
  }
  const definitions: Record<string, SchemaV2> = {};
  for (const name of [...used].sort()) definitions[name] = toV2Schema(defs.schemas[name]);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: opts.kubernetesVersion ?? 'v1.32.4' },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    definitions,
  };
}
