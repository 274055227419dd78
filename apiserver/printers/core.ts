// Printers for the simple resources: Namespaces, ConfigMaps, Secrets, ServiceAccounts, Leases, and
// the NAME AGE fallback for any resource without a printer of its own.

import { age, ageColumn, column, count, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface Shape {
  status?: { phase?: string };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  type?: string;
  secrets?: unknown[];
  spec?: { holderIdentity?: string | null };
}

const shape = (obj: object): Shape => obj as Shape;

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({
    cells: [nameOf(obj), shape(obj).status?.phase ?? '', age(obj, ctx)],
  }),
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'The number of keys in data and binaryData.'), ageColumn],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({
    cells: [nameOf(obj), count(shape(obj).data) + count(shape(obj).binaryData), age(obj, ctx)],
  }),
};

export const secretPrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'The number of keys in data.'),
    ageColumn,
  ],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({
    cells: [nameOf(obj), shape(obj).type ?? '', count(shape(obj).data), age(obj, ctx)],
  }),
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn, column('Secrets', 'The number of secrets listed in the ServiceAccount.'), ageColumn],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({
    cells: [nameOf(obj), count(shape(obj).secrets), age(obj, ctx)],
  }),
};

export const leasePrinter: Printer = {
  columns: [nameColumn, column('Holder', 'The identity of the holder of a current lease.'), ageColumn],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({
    cells: [nameOf(obj), shape(obj).spec?.holderIdentity ?? '', age(obj, ctx)],
  }),
};

/** NAME AGE for resources without a dedicated printer. */
export const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  print: (obj: object, ctx: PrintContext): PrintedRow => ({ cells: [nameOf(obj), age(obj, ctx)] }),
};
