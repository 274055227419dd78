// OpenAPI v3 as the real apiserver serves it: an index (`GET /openapi/v3`) naming one document per
// group-version with a content hash, and the per-GV documents (`GET /openapi/v3/apis/apps/v1`) holding
// the paths of that GV's resources and every component schema they reference. Pure functions plus
// a small cache the server keeps; the server wires the routes.
import { createHash } from 'node:crypto';
import { resources as catalogue, type ResourceInfo } from '../registry/resources.js';
import { resourceListPath, resourcePaths, type PathItem, type SchemaLookup } from './operations.js';
import { refName, type DefinitionsFile, type GroupVersionKind, type Schema } from './types.js';

export interface OpenApiDocument {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema> };
}

export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

export interface DocumentOptions {
  resources?: ResourceInfo[];
  /** info.version, e.g. v1.32.4 */
  kubernetesVersion?: string;
}

/** Index key / URL suffix of a group-version: `api/v1`, `apis/apps/v1`. */
export function gvKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function parseKey(key: string): { group: string; version: string } | undefined {
  const parts = key.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length === 2 && parts[0] === 'api') return { group: '', version: parts[1] };
  if (parts.length === 3 && parts[0] === 'apis') return { group: parts[1], version: parts[2] };
  return undefined;
}

function gvkId(g: GroupVersionKind): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/** GVK → definition name, from the schemas' x-kubernetes-group-version-kind. */
export function schemaLookup(defs: DefinitionsFile): SchemaLookup {
  const byGvk = new Map<string, string>();
  for (const [name, s] of Object.entries(defs.schemas)) {
    for (const g of s['x-kubernetes-group-version-kind'] ?? []) byGvk.set(gvkId(g), name);
  }
  return (g) => byGvk.get(gvkId(g));
}

/** Every definition name referenced (transitively) from `value`. */
export function collectRefs(value: unknown, schemas: Record<string, Schema>, into = new Set<string>()): Set<string> {
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const s = v as Schema;
    const name = typeof s.$ref === 'string' ? refName(s) : undefined;
    if (name && !into.has(name) && schemas[name]) {
      into.add(name);
      visit(schemas[name]);
    }
    for (const child of Object.values(v)) visit(child);
  };
  visit(value);
  return into;
}

/** The full document for `key` (`api/v1`, `apis/apps/v1`), or undefined for an unknown GV. */
export function openapiDocument(defs: DefinitionsFile, key: string, opts: DocumentOptions = {}): OpenApiDocument | undefined {
  const gv = parseKey(key);
  if (!gv) return undefined;
  const all = opts.resources ?? catalogue;
  const mine = all.filter((r) => r.group === gv.group && r.version === gv.version);
  // api/v1 always exists: kubectl checks it for CRDs' field validation support.
  if (mine.length === 0 && gvKey(gv.group, gv.version) !== 'api/v1') return undefined;
  const lookup = schemaLookup(defs);
  const paths: Record<string, PathItem> = { ...resourceListPath(gv.group, gv.version, lookup) };
  for (const info of [...mine].sort((a, b) => a.plural.localeCompare(b.plural))) {
    Object.assign(paths, resourcePaths({ info, lookup }));
  }
  const names = collectRefs(paths, defs.schemas);
  const schemas: Record<string, Schema> = {};
  for (const n of [...names].sort()) schemas[n] = defs.schemas[n];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: opts.kubernetesVersion ?? 'v1.32.4' },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: { schemas },
  };
}

/** Keys of every document served: each GV of the catalogue, plus api/v1. */
export function documentKeys(opts: DocumentOptions = {}): string[] {
  const keys = new Set<string>(['api/v1']);
  for (const r of opts.resources ?? catalogue) keys.add(gvKey(r.group, r.version));
  return [...keys].sort();
}

/** Upper-case hex SHA-256 of the serialized document (the `hash` query parameter of the index). */
export function documentHash(json: string): string {
  return createHash('sha256').update(json).digest('hex').toUpperCase();
}

export function openapiIndex(defs: DefinitionsFile, opts: DocumentOptions = {}): OpenApiIndex {
  return new OpenApiDocuments(defs, opts).index();
}

export interface ServedDocument {
  doc: OpenApiDocument;
  /** The exact bytes to send (the hash is computed over them). */
  json: string;
  hash: string;
}

/** Builds each document once and keeps its serialized form; one per API server. */
export class OpenApiDocuments {
  private readonly docs = new Map<string, ServedDocument>();
  private indexCache?: OpenApiIndex;

  constructor(
    private readonly defs: DefinitionsFile,
    private readonly opts: DocumentOptions = {},
  ) {}

  /** The document for `key` (leading/trailing slashes ignored), or undefined for an unknown GV. */
  get(key: string): ServedDocument | undefined {
    const gv = parseKey(key);
    if (!gv) return undefined;
    const k = gvKey(gv.group, gv.version);
    const hit = this.docs.get(k);
    if (hit) return hit;
    const doc = openapiDocument(this.defs, k, this.opts);
    if (!doc) return undefined;
    const json = JSON.stringify(doc);
    const served = { doc, json, hash: documentHash(json) };
    this.docs.set(k, served);
    return served;
  }

  index(): OpenApiIndex {
    if (!this.indexCache) {
      const paths: OpenApiIndex['paths'] = {};
      for (const key of documentKeys(this.opts)) {
        const d = this.get(key);
        if (d) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${d.hash}` };
      }
      this.indexCache = { paths };
    }
    return this.indexCache;
  }
}
