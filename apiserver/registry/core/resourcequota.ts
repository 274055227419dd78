// ResourceQuotas: quota resource names and amounts in spec.hard (and in status), status reset on
// create and kept on spec writes, the status subresource the quota controller writes.
import { type FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { resourceQuotaPrinter } from '../../printers/policy.js';
import { defineResource } from '../strategy/define.js';
import { objAt, strs } from '../strategy/util.js';
import { isStandardQuotaResource, validateQuantityValue, validateQuotaResourceName } from './resourcenames.js';

function validateList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(objAt(list))) {
    const p = `${path}[${name}]`;
    errs.push(...validateQuotaResourceName(name, p), ...validateQuantityValue(name, value, p));
  }
  return errs;
}

const scopes = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
const podCount = new Set(['pods']);
const podCompute = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);

/** helper.IsResourceQuotaScopeValidForResource. */
function scopeFits(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return podCount.has(resource);
  if (scopes.includes(scope)) return podCount.has(resource) || podCompute.has(resource);
  return true;
}

/** validateResourceQuotaScopes: the bad value is the scope list, printed by Go's %#v. */
function validateScopes(spec: Obj): FieldError[] {
  const list = strs(spec.scopes);
  if (list.length === 0) return [];
  const shown = `[]core.ResourceQuotaScope{${list.map((x) => JSON.stringify(x)).join(', ')}}`;
  const bad = (detail: string): FieldError => ({ field: 'spec.scopes', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${detail}` });
  const errs: FieldError[] = [];
  const hard = Object.keys(objAt(spec.hard)).sort();
  for (const scope of list) {
    if (!scopes.includes(scope)) errs.push(bad('unsupported scope'));
    for (const r of hard) if (isStandardQuotaResource(r) && !scopeFits(scope, r)) errs.push(bad('unsupported scope applied to resource'));
  }
  for (const [a, b] of [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']])
    if (list.includes(a) && list.includes(b)) errs.push(bad('conflicting scopes'));
  return errs;
}

function validate(o: Obj): FieldError[] {
  const status = objAt(o.status);
  const spec = objAt(o.spec);
  return [...validateList(spec.hard, 'spec.hard'), ...validateScopes(spec), ...validateList(status.hard, 'status.hard'), ...validateList(status.used, 'status.used')];
}

export const resourcequotas = defineResource({
  group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true,
  shortNames: ['quota'],
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  printer: resourceQuotaPrinter,
  subresources: { status: { type: 'status' } },
});
