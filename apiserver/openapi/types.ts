// Shapes shared by the OpenAPI generator, the document builder and the validators: the subset of
// OpenAPI v3 schema objects that Kubernetes' own definitions use, and the generated file's layout.

export interface GroupVersionKind {
  group: string; // '' for core
  version: string;
  kind: string;
}

/** An OpenAPI v3 schema object as Kubernetes writes them (components.schemas entries and their parts). */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: Array<string | number>;
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** apiserver/openapi/generated/definitions.json */
export interface DefinitionsFile {
  /** What the schemas were derived from (package versions), for humans and cache busting. */
  source: Record<string, string>;
  /** Kubernetes-named component schemas, e.g. `io.k8s.api.apps.v1.Deployment`. */
  schemas: Record<string, Schema>;
  /** sha256 of the file as read (not stored in it): what build-time artefacts made from it are checked against. */
  digest?: string;
}

export const refPrefix = '#/components/schemas/';

/** The definition name a `$ref` (or `allOf: [{$ref}]`) points at, if the schema is a reference. */
export function refName(s: Schema): string | undefined {
  const ref = s.$ref ?? (s.allOf && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
  return ref?.startsWith(refPrefix) ? ref.slice(refPrefix.length) : undefined;
}

export function gvkEquals(a: GroupVersionKind, b: GroupVersionKind): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** The definition name whose x-kubernetes-group-version-kind lists `gvk`. */
export function findDefinitionName(schemas: Record<string, Schema>, gvk: GroupVersionKind): string | undefined {
  for (const [name, s] of Object.entries(schemas)) {
    if (s['x-kubernetes-group-version-kind']?.some((g) => gvkEquals(g, gvk))) return name;
  }
  return undefined;
}
