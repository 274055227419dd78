// Typed reading of the query parameters Kubernetes defines for its verbs.
import { errors } from '../../apimachinery/errors.js';
import { queryBool } from '../../apimachinery/params.js';
import { defaultFieldManager } from '../patch/index.js';

export { queryBool };

export type Query = Record<string, unknown>;

export function str(q: Query, key: string): string | undefined {
  const v = q[key];
  if (Array.isArray(v)) return v.length > 0 ? String(v[v.length - 1]) : undefined;
  return v === undefined ? undefined : String(v);
}

export function bool(q: Query, key: string): boolean {
  return queryBool(q[key]);
}

export function int(q: Query, key: string): number | undefined {
  const v = str(q, key);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${key}: ${v}`);
  return Number(v);
}

export function dryRun(q: Query): boolean {
  const v = q.dryRun;
  const vals = Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
  for (const x of vals) if (x !== 'All') throw errors.badRequest(`Invalid dry run value: ${x}: supported values: "All"`);
  return vals.length > 0;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidation(q: Query): FieldValidation {
  const v = str(q, 'fieldValidation') ?? 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw errors.badRequest(`fieldValidation parameter unsupported: ${v}`);
}

/** ?fieldManager=, else the User-Agent's program name, as the real apiserver derives it. */
export function fieldManager(q: Query, userAgent: string | undefined): string {
  const v = str(q, 'fieldManager');
  if (v === undefined) return defaultFieldManager(userAgent);
  if (v.length > 128) throw errors.badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return v;
}
