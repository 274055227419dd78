// The meta.k8s.io/v1 Table shapes the API server returns for `Accept: ...;as=Table;v=v1;g=meta.k8s.io`,
// and the Printer contract: one printer per resource turns one object into one row of cells.

export type Cell = string | number | boolean | null;

/** metav1.TableColumnDefinition (every field is always serialized, as by the real server). */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  /** OpenAPI format; "name" marks the column holding the object name. */
  format: string;
  description: string;
  /** 0 = default view; higher values are only shown by `-o wide`. */
  priority: number;
}

/** metav1.TableRowCondition */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** metav1.PartialObjectMetadata, the default row object. */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: Record<string, unknown>;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  object?: object;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** metav1 includeObject policy for rows. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface PrintContext {
  /** The clock used for every age column. */
  now: Date;
}

export interface PrintedRow {
  /** One cell per column definition, wide columns included (the server always prints wide). */
  cells: Cell[];
  conditions?: TableRowCondition[];
}

export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  print(obj: object, ctx: PrintContext): PrintedRow;
  /** Order of a list's rows when Kubernetes' list printer sorts them (FlowSchemas by matching precedence); storage order otherwise. */
  listOrder?(a: object, b: object): number;
}
