// `kubectl get`: server-side Tables laid out like kubectl (NAMESPACE column with -A, kind.group/ name
// prefixes for several types, -o wide), or objects as -o json|yaml|name.
import type { ApiResource, Request } from './cli-runtime/discovery.js';
import { expandCategory, kindGroup, resolve, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import { asList, jsonpathTemplate, parseOutput, toJson, toYaml } from './cli-runtime/output.js';
import type { Session } from './cli-runtime/session.js';
import { formatTable } from './tabwriter.js';

export interface GetOptions {
  args: string[];
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces: boolean;
  showLabels: boolean;
  showManagedFields?: boolean;
  /** -w: after the list, print a row per change until interrupted. */
  watch?: boolean;
  /** --watch-only: print only the changes. */
  watchOnly?: boolean;
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export interface Table {
  metadata?: { resourceVersion?: string };
  columnDefinitions: { name: string; priority?: number }[];
  rows?: TableRow[];
}

export async function get(s: Session, o: GetOptions, io: IO): Promise<number> {
  const format = parseOutput(o.output);
  const requests = parseTypeArgs(await s.resources(), o.args);
  if (o.watch || o.watchOnly) {
    const { watchGet } = await import('./getwatch.js');
    return watchGet(s, requests, o, format, io);
  }
  const ns = o.allNamespaces ? undefined : s.namespace;
  const query = { labelSelector: o.selector, fieldSelector: o.fieldSelector };
  let failed = false;
  const fail = (e: unknown): void => {
    if (!(e instanceof CliError)) throw e;
    io.stderr(e.message + '\n');
    failed = true;
  };

  if (format === 'table' || format === 'wide') {
    const withKind = requests.length > 1;
    // -A adds NAMESPACE to every table unless every requested type is cluster-scoped
    const withNamespace = o.allNamespaces && requests.some((r) => r.resource.namespaced);
    const blocks: string[] = [];
    for (const req of requests) {
      const tables: Table[] = [];
      const paths = req.names.length ? req.names.map((n) => resourcePath(req.resource, ns ?? s.namespace, n)) : [resourcePath(req.resource, ns)];
      for (const p of paths) {
        try {
          tables.push(await s.rest.json<Table>(p, { accept: TABLE_ACCEPT, query: req.names.length ? {} : { ...query, limit: 500 } }));
        } catch (e) {
          fail(e);
        }
      }
      const block = renderTables(tables, req.resource, { wide: format === 'wide', withNamespace, withKind, showLabels: o.showLabels });
      if (block) blocks.push(block);
    }
    // kubectl separates the tables of resource types that printed rows by one blank line
    io.stdout(blocks.join('\n'));
    if (blocks.length === 0 && !failed) io.stderr(noResources(requests, ns));
    return failed ? 1 : 0;
  }
  const objects: Record<string, unknown>[] = [];
  for (const req of requests) {
    if (req.names.length) {
      for (const n of req.names) {
        try {
          objects.push(await s.rest.json(resourcePath(req.resource, ns ?? s.namespace, n)));
        } catch (e) {
          fail(e);
        }
      }
      continue;
    }
    try {
      const list = await s.rest.json<{ items?: Record<string, unknown>[] }>(resourcePath(req.resource, ns), { query: { ...query, limit: 500 } });
      const apiVersion = req.resource.group ? `${req.resource.group}/${req.resource.version}` : req.resource.version;
      for (const item of list.items ?? []) objects.push({ ...item, apiVersion, kind: req.resource.kind });
    } catch (e) {
      fail(e);
    }
  }
  if (!o.showManagedFields) for (const obj of objects) stripManagedFields(obj);
  const single = requests.length === 1 && requests[0].names.length === 1;
  if (format === 'name') {
    for (const obj of objects) {
      const req = requests.find((r) => r.resource.kind === obj.kind) ?? requests[0];
      io.stdout(`${kindGroup(req.resource)}/${String((obj.metadata as { name?: string } | undefined)?.name)}\n`);
    }
  } else if (!(failed && objects.length === 0 && single)) {
    const value = single && objects.length === 1 ? objects[0] : asList(objects);
    if (format === 'jsonpath') {
      const { execute } = await import('./jsonpath.js');
      io.stdout(execute(jsonpathTemplate(o.output) ?? '', JSON.parse(JSON.stringify(value)) as unknown));
    } else io.stdout(format === 'json' ? toJson(value) : await toYaml(value));
  }
  return failed ? 1 : 0;
}

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
function stripManagedFields(obj: Record<string, unknown>): void {
  const md = obj.metadata;
  if (md !== null && typeof md === 'object') delete (md as Record<string, unknown>).managedFields;
}

function noResources(requests: Request[], ns: string | undefined): string {
  const namespaced = requests.some((r) => r.resource.namespaced);
  return ns && namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n';
}

export interface RenderOptions {
  wide: boolean;
  withNamespace: boolean;
  withKind: boolean;
  showLabels: boolean;
}

/** Lays out one resource type's Tables as kubectl's table printer does; '' when there are no rows. */
export function renderTables(tables: Table[], r: ApiResource, o: RenderOptions): string {
  const rows = tables.flatMap((t) => t.rows ?? []);
  if (rows.length === 0 || tables.length === 0) return '';
  return formatTable(tableLines(tables[0].columnDefinitions, rows, r, o, true));
}

/** The header (when asked) and the cells of each row, before column layout. */
export function tableLines(columns: Table['columnDefinitions'], rows: TableRow[], r: ApiResource, o: RenderOptions, header: boolean): string[][] {
  const cols = columns.map((c, i) => ({ ...c, i })).filter((c) => o.wide || !c.priority);
  const lines: string[][] = [];
  if (header) lines.push([...(o.withNamespace ? ['NAMESPACE'] : []), ...cols.map((c) => c.name.toUpperCase()), ...(o.showLabels ? ['LABELS'] : [])]);
  for (const row of rows) {
    const cells = cols.map((c) => cellString(row.cells[c.i]));
    if (o.withKind && cells.length) cells[0] = `${kindGroup(r)}/${cells[0]}`;
    const md = row.object?.metadata;
    if (o.withNamespace) cells.unshift(md?.namespace ?? '');
    if (o.showLabels) cells.push(formatLabels(md?.labels));
    lines.push(cells);
  }
  return lines;
}

function cellString(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels?.[k]}`).join(',') : '<none>';
}
