// Server-side printing: turns objects into meta.k8s.io/v1 Tables with the column sets kubectl shows
// on a real cluster (pkg/printers/internalversion). Pure functions; the clock is passed in.

export { toTable, parseIncludeObject, type TableOptions, type TableResource } from './table.js';
export { defaultPrinter } from './core.js';
export { podSummary } from './pods.js';
export { nodeRoles, nodeStatus } from './nodes.js';
export { formatEndpoints, serviceExternalIP, servicePorts } from './network.js';
export type {
  Cell,
  IncludeObject,
  PartialObjectMetadata,
  Printer,
  PrintContext,
  PrintedRow,
  Table,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
  TableRowCondition,
} from './types.js';
