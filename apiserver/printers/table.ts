// toTable: the server-side Table conversion (TableConvertor + the handler's includeObject step).
// Rows always carry every column, wide ones included; the client hides priority > 0 unless -o wide.

import { defaultPrinter } from './core.js';
import type { IncludeObject, PartialObjectMetadata, Printer, Table, TableListMeta, TableRow } from './types.js';

/** The resource rows are printed for. */
export interface TableResource {
  group: string;
  version: string;
  kind: string;
}

export interface TableOptions {
  /** The clock for age columns. */
  now: Date;
  /** What each row's `object` holds: PartialObjectMetadata (default), the full object, or nothing. */
  includeObject?: IncludeObject;
  /** List metadata to copy; for a single object pass its resourceVersion. */
  listMeta?: TableListMeta;
  /** Leave out column definitions (`?noHeaders=true`, and watch events after the first). */
  noHeaders?: boolean;
}

function rowObject(info: TableResource, item: object, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') {
    const o = item as { kind?: unknown; apiVersion?: unknown };
    return { ...item, kind: o.kind ?? info.kind, apiVersion: o.apiVersion ?? (info.group ? `${info.group}/${info.version}` : info.version) };
  }
  const m = (item as { metadata?: unknown }).metadata;
  const partial: PartialObjectMetadata = {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: m !== null && typeof m === 'object' ? { ...(m as Record<string, unknown>) } : {},
  };
  return partial;
}

function listMeta(lm: TableListMeta | undefined): TableListMeta {
  const out: TableListMeta = {};
  if (lm?.resourceVersion) out.resourceVersion = lm.resourceVersion;
  if (lm?.continue) out.continue = lm.continue;
  if (lm?.remainingItemCount !== undefined && lm.remainingItemCount !== null) out.remainingItemCount = lm.remainingItemCount;
  return out;
}

/** A meta.k8s.io/v1 Table for `items` of resource `info`, printed by `printer` (the resource module's). Pure: no I/O, the clock is passed in. */
export function toTable(info: TableResource, items: readonly object[], opts: TableOptions, printer: Printer = defaultPrinter): Table {
  const include = opts.includeObject ?? 'Metadata';
  const ctx = { now: opts.now };
  const ordered = printer.listOrder && items.length > 1 ? [...items].sort((a, b) => printer.listOrder!(a, b)) : items;
  const rows = ordered.map((item): TableRow => {
    const printed = printer.print(item, ctx);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions.map((c) => ({ ...c }));
    const object = rowObject(info, item, include);
    if (object) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta(opts.listMeta),
    columnDefinitions: opts.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}

/** Parses the `includeObject` query parameter; undefined for an unknown value. */
export function parseIncludeObject(v: string | undefined): IncludeObject | undefined {
  if (v === undefined || v === '') return 'Metadata';
  return v === 'None' || v === 'Metadata' || v === 'Object' ? v : undefined;
}
