// The ComponentStatus printer (kubectl get componentstatuses): the Healthy condition as
// Healthy / Unhealthy / Unknown with its message and error.

import { column, nameColumn, nameOf } from './common.js';
import type { Printer, PrintedRow } from './types.js';

interface ComponentStatusShape {
  conditions?: { type?: string; status?: string; message?: string; error?: string }[];
}

function printComponentStatus(obj: object): PrintedRow {
  const healthy = ((obj as ComponentStatusShape).conditions ?? []).find((c) => c.type === 'Healthy');
  const status = healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
  return { cells: [nameOf(obj), status, healthy?.message ?? '', healthy?.error ?? ''] };
}

export const componentStatusPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'Status of the component conditions'),
    column('Message', 'Message of the component conditions'),
    column('Error', 'Error of the component conditions'),
  ],
  print: printComponentStatus,
};
