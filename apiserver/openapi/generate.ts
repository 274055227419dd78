// Build step: derives Kubernetes OpenAPI v3 component schemas from npm packages and writes
// apiserver/openapi/generated/definitions.json. kubernetes-models' .d.ts files give names,
// descriptions, required fields, enums and references (read by dts-reader.ts); client-node's
// models give the wire formats (int32/int64/double/byte). Run: `node dist/apiserver/openapi/generate.js`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as clientNode from '@kubernetes/client-node';
import { resources, groupVersion } from '../registry/resources.js';
import { DtsReader, findPackageDir, resolveImport, type Model, type ModelProperty, type TypeShape } from './dts-reader.js';
import { definitionsPath, findProjectRoot } from './paths.js';
import { refPrefix, type DefinitionsFile, type GroupVersionKind, type Schema } from './types.js';

/** Kinds kubectl posts or reads besides the catalogue's resources (subresources, reviews, meta). */
export const extraKinds: GroupVersionKind[] = [
  { group: '', version: 'v1', kind: 'Binding' },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview' },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview' },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview' },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview' },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' },
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  { group: 'policy', version: 'v1', kind: 'Eviction' },
  { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
];

/** meta/v1 types every group version uses. */
const metaTypes = ['Status', 'DeleteOptions', 'WatchEvent', 'APIResourceList'];

const typeMetaDescriptions: Record<string, string> = {
  apiVersion:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
};

/** Definitions Kubernetes writes by hand rather than from Go structs. */
function specialSchema(model: Model): Schema | undefined {
  const description = model.description;
  switch (model.name) {
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return {
        description,
        format: 'int-or-string',
        oneOf: [{ type: 'integer' }, { type: 'string' }],
        'x-kubernetes-int-or-string': true,
      };
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return {
        description:
          description ??
          "Quantity is a fixed-point representation of a number, written as a decimal or binary-SI string such as '100m', '1.5', '128Mi' or '2Gi'.",
        oneOf: [{ type: 'string' }, { type: 'number' }],
      };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime':
      return { description, type: 'string', format: 'date-time' };
    // apiextensions' any-JSON and either-or types: Kubernetes' OpenAPI gives them no type at all.
    case 'io.k8s.apiextensions.apiserver.pkg.apis.apiextensions.v1.JSON':
    case 'io.k8s.apiextensions.apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray':
    case 'io.k8s.apiextensions.apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool':
    case 'io.k8s.apiextensions.apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray':
      return { description };
    case 'io.k8s.apimachinery.pkg.runtime.RawExtension':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1':
      return { description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  return undefined;
}

interface Attr {
  baseName: string;
  type: string;
  format: string;
}

/** client-node's attributeTypeMap for the model, matched by name (V1Foo, CoreV1Foo, ...). */
function clientNodeAttrs(model: Model): Map<string, Attr> {
  const lib = clientNode as unknown as Record<string, { attributeTypeMap?: Attr[] } | undefined>;
  const parts = model.name.split('.');
  const base = parts[parts.length - 1];
  const version = cap(parts[parts.length - 2]);
  const group = parts[2] === 'api' ? cap(parts[3]) : '';
  const props = new Set((model.properties ?? []).map((p) => p.name));
  for (const candidate of [`${group}${version}${base}`, `${version}${base}`]) {
    const attrs = lib[candidate]?.attributeTypeMap;
    if (!attrs) continue;
    const hits = attrs.filter((a) => props.has(a.baseName)).length;
    if (hits * 2 >= Math.min(attrs.length, props.size)) return new Map(attrs.map((a) => [a.baseName, a]));
  }
  return new Map();
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface GenerateReport {
  file: DefinitionsFile;
  /** Numeric fields whose integer/number type had to be guessed (no client-node format). */
  guessed: string[];
}

function toSchema(shape: TypeShape, format: string | undefined, where: string, guessed: string[]): Schema {
  switch (shape.t) {
    case 'string':
      return format === 'byte' || format === 'date-time' ? { type: 'string', format } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      if (format === 'double' || format === 'float') return { type: 'number', format };
      guessed.push(where);
      return { type: 'integer' };
    case 'any':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'literal':
      return { type: typeof shape.value === 'number' ? 'integer' : 'string', enum: [shape.value] };
    case 'enum':
      return { type: shape.values.every((v) => typeof v === 'number') ? 'integer' : 'string', enum: shape.values };
    case 'array':
      return { type: 'array', items: toSchema(shape.items, format, where, guessed) };
    case 'map':
      return { type: 'object', additionalProperties: toSchema(shape.values, format, where, guessed) };
    case 'ref':
      return { $ref: refPrefix + shape.name };
    case 'union':
      throw new Error(`${where}: union types are only supported for the special apimachinery definitions`);
  }
}

function propertySchema(model: Model, p: ModelProperty, attrs: Map<string, Attr>, guessed: string[]): Schema {
  if ((p.name === 'apiVersion' || p.name === 'kind') && (p.type.t === 'literal' || p.type.t === 'string')) {
    return { description: p.description ?? typeMetaDescriptions[p.name], type: 'string' };
  }
  const s = toSchema(p.type, attrs.get(p.name)?.format || undefined, `${model.name}.${p.name}`, guessed);
  if (!p.description) return s;
  if (s.$ref) return { allOf: [s], description: p.description };
  return { description: p.description, ...s };
}

function modelSchema(model: Model, guessed: string[]): Schema {
  const special = specialSchema(model);
  if (special) return dropUndefined(special);
  if (model.aliasOf) return dropUndefined({ description: model.description, ...toSchema(model.aliasOf, undefined, model.name, guessed) });
  const attrs = clientNodeAttrs(model);
  const props = [...(model.properties ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const schema: Schema = { description: model.description, type: 'object' };
  if (props.length === 0) schema['x-kubernetes-preserve-unknown-fields'] = true;
  else schema.properties = Object.fromEntries(props.map((p) => [p.name, propertySchema(model, p, attrs, guessed)]));
  const required = props.filter((p) => p.required && !isTypeMetaLiteral(p)).map((p) => p.name);
  if (required.length > 0) schema.required = required;
  const gvk = literalGvk(props);
  if (gvk) schema['x-kubernetes-group-version-kind'] = [gvk];
  return dropUndefined(schema);
}

function isTypeMetaLiteral(p: ModelProperty): boolean {
  return (p.name === 'apiVersion' || p.name === 'kind') && p.type.t === 'literal';
}

function literalGvk(props: ModelProperty[]): GroupVersionKind | undefined {
  const av = props.find((p) => p.name === 'apiVersion')?.type;
  const k = props.find((p) => p.name === 'kind')?.type;
  if (av?.t !== 'literal' || k?.t !== 'literal') return undefined;
  const [g, v] = String(av.value).includes('/') ? String(av.value).split('/') : ['', String(av.value)];
  return { group: g, version: v, kind: String(k.value) };
}

function dropUndefined(s: Schema): Schema {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Schema;
}

function packageVersion(root: string, pkg: string): string {
  const f = path.join(findPackageDir(path.join(root, 'package.json'), pkg), 'package.json');
  return (JSON.parse(readFileSync(f, 'utf8')) as { version: string }).version;
}

/** Reads the npm packages under `root`/node_modules and returns the definitions. */
export function generateDefinitions(root: string): GenerateReport {
  const reader = new DtsReader();
  const modelsDir = path.dirname(resolveImport(path.join(root, 'package.json'), 'kubernetes-models/index'));
  const kinds: GroupVersionKind[] = [...extraKinds];
  for (const r of resources) {
    kinds.push({ group: r.group, version: r.version, kind: r.kind });
    // Create-only kinds (reviews) have no List type.
    if (r.verbs.includes('list')) kinds.push({ group: r.group, version: r.version, kind: r.listKind });
  }
  for (const k of kinds) {
    const dir = k.group ? path.join(modelsDir, k.group, k.version) : path.join(modelsDir, k.version);
    reader.readFrom(path.join(dir, `${k.kind}.d.ts`));
  }
  for (const t of metaTypes) {
    reader.readFrom(resolveImport(path.join(modelsDir, 'index.d.ts'), `@kubernetes-models/apimachinery/apis/meta/v1/${t}`));
  }

  const guessed: string[] = [];
  const schemas: Record<string, Schema> = {};
  for (const name of [...reader.models.keys()].sort()) {
    schemas[name] = modelSchema(reader.models.get(name) as Model, guessed);
  }
  // meta/v1 kinds carry no literal apiVersion; Kubernetes lists them under every group version.
  const gvs = new Map<string, { group: string; version: string }>();
  for (const k of kinds) gvs.set(groupVersion(k), { group: k.group, version: k.version });
  const everyGv = (kind: string): GroupVersionKind[] =>
    [...gvs.values()].map((gv) => ({ ...gv, kind })).sort((a, b) => groupVersion(a).localeCompare(groupVersion(b)));
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  schemas[meta + 'Status']['x-kubernetes-group-version-kind'] = [{ group: '', version: 'v1', kind: 'Status' }];
  schemas[meta + 'DeleteOptions']['x-kubernetes-group-version-kind'] = everyGv('DeleteOptions');
  schemas[meta + 'WatchEvent']['x-kubernetes-group-version-kind'] = everyGv('WatchEvent');
  schemas[meta + 'APIResourceList']['x-kubernetes-group-version-kind'] = [{ group: '', version: 'v1', kind: 'APIResourceList' }];

  const source = {
    'kubernetes-models': packageVersion(root, 'kubernetes-models'),
    '@kubernetes/client-node': packageVersion(root, '@kubernetes/client-node'),
  };
  return { file: { source, schemas }, guessed };
}

/** Generates and writes definitions.json atomically; returns its path. */
export function writeDefinitions(root: string, out = definitionsPath(root)): { path: string; report: GenerateReport } {
  const report = generateDefinitions(root);
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(report.file, null, 1) + '\n');
  renameSync(tmp, out);
  return { path: out, report };
}

function main(): void {
  const started = Date.now();
  const { path: out, report } = writeDefinitions(findProjectRoot(import.meta.url));
  const n = Object.keys(report.file.schemas).length;
  process.stdout.write(`openapi: wrote ${n} definitions to ${out} in ${Date.now() - started} ms\n`);
  if (report.guessed.length > 0) process.stdout.write(`openapi: integer type guessed for ${report.guessed.join(', ')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
