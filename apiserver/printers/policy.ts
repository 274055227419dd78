// Printers for the namespace policy kinds of core/v1: ResourceQuotas (NAME AGE REQUEST LIMIT with
// "resource: used/hard" cells) and LimitRanges (no dedicated printer in Kubernetes: the default
// NAME CREATED AT table).

import { rolePrinter } from './auth.js';
import { age, ageColumn, column, nameColumn, nameOf } from './common.js';
import { quantityString } from './storage.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface QuotaShape {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

function printResourceQuota(obj: object, ctx: PrintContext): PrintedRow {
  const status = (obj as QuotaShape).status ?? {};
  const hard = status.hard ?? {};
  const used = status.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const pieces = r.split('.');
    const cell = `${r}: ${quantityString(used[r])}/${quantityString(hard[r])}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(cell);
  }
  return { cells: [nameOf(obj), age(obj, ctx), requests.join(', '), limits.join(', ')] };
}

export const resourceQuotaPrinter: Printer = {
  columns: [
    nameColumn,
    ageColumn,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  print: printResourceQuota,
};

/** The API server's default table (rest.NewDefaultTableConvertor): Name and Created At. */
export const limitRangePrinter: Printer = rolePrinter;
