// Helpers shared by the printers: column builders with the API's own descriptions for name and age,
// metadata access, container cells and the "a,b,c + N more..." list format.

import { timestampSince } from '../../apimachinery/duration.js';
import type { PrintContext, TableColumnDefinition } from './types.js';

export const nameDescription =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const ageDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(
  name: string,
  description: string,
  opts: { type?: string; format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const nameColumn = column('Name', nameDescription, { format: 'name' });
export const ageColumn = column('Age', ageDescription);
export const containersColumn = column('Containers', 'Names of each container in the template.', { priority: 1 });
export const imagesColumn = column('Images', 'Images referenced by each container in the template.', { priority: 1 });

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
  resourceVersion?: string;
}

export interface Container {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

export function meta(obj: object): ObjectMeta {
  const m = (obj as { metadata?: unknown }).metadata;
  return m !== null && typeof m === 'object' ? (m as ObjectMeta) : {};
}

export function nameOf(obj: object): string {
  return meta(obj).name ?? '';
}

/** The Age cell: time since creation, "<unknown>" without a creation timestamp. */
export function age(obj: object, ctx: PrintContext): string {
  return timestampSince(meta(obj).creationTimestamp, ctx.now);
}

/** Milliseconds since the epoch, 0 for a missing or unparsable time (Go's zero time). */
export function timeMs(ts: string | null | undefined): number {
  if (!ts) return 0;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? 0 : t;
}

/** layoutContainerCells: names and images joined by ",". */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: the first `max` items joined by ",", "+ N more..." after, "<unset>" when empty. */
export function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** net.JoinHostPort */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function count(v: object | unknown[] | undefined | null): number {
  if (!v) return 0;
  return Array.isArray(v) ? v.length : Object.keys(v).length;
}
