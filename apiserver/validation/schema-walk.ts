// Walking an object alongside its OpenAPI schema: dereferencing `$ref` / `allOf:[{$ref}]`, telling
// struct fields from map keys, and rendering Kubernetes field paths
// (`spec.template.spec.containers[0].image`, `metadata.labels[app]`).
import { refName, type Schema } from '../openapi/types.js';

export type Schemas = Record<string, Schema>;

/** Follows references until a schema with its own content; undefined for a dangling reference. */
export function deref(schemas: Schemas, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 32; i++) {
    const name = refName(cur);
    if (!name) return cur;
    cur = schemas[name];
  }
  return cur;
}

/** Objects whose content is not described: any field is accepted below them. */
export function preservesUnknown(s: Schema): boolean {
  if (s['x-kubernetes-preserve-unknown-fields']) return true;
  return s.type === 'object' && !s.properties && s.additionalProperties === undefined;
}

export type Segment = { kind: 'field'; name: string } | { kind: 'key'; name: string } | { kind: 'index'; index: number };

/** Appends a segment to a Kubernetes field path. */
export function joinPath(base: string, seg: Segment): string {
  switch (seg.kind) {
    case 'field':
      return base ? `${base}.${seg.name}` : seg.name;
    case 'key':
      return `${base}[${seg.name}]`;
    case 'index':
      return `${base}[${seg.index}]`;
  }
}

/** The child schema and path segment for `key` below a value described by `s` (already dereferenced). */
export function child(schemas: Schemas, s: Schema | undefined, key: string | number): { schema?: Schema; seg: Segment } {
  if (typeof key === 'number') return { schema: deref(schemas, s?.items), seg: { kind: 'index', index: key } };
  if (s?.properties && key in s.properties) return { schema: deref(schemas, s.properties[key]), seg: { kind: 'field', name: key } };
  if (s && typeof s.additionalProperties === 'object') {
    return { schema: deref(schemas, s.additionalProperties), seg: { kind: 'key', name: key } };
  }
  return { schema: undefined, seg: { kind: 'field', name: key } };
}

/** Converts an ajv instancePath (`/spec/template/spec/containers/0/image`) to a Kubernetes field path. */
export function fieldPathOf(schemas: Schemas, root: Schema | undefined, data: unknown, pointer: string): string {
  if (!pointer) return '';
  const raw = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let schema = deref(schemas, root);
  let value: unknown = data;
  let path = '';
  for (const token of raw) {
    const isIndex = Array.isArray(value) && /^\d+$/.test(token);
    const c = child(schemas, schema, isIndex ? Number(token) : token);
    path = joinPath(path, c.seg);
    schema = c.schema;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined;
  }
  return path;
}
