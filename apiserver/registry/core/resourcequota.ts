// ResourceQuotas: quota resource names and amounts in spec.hard (and in status), status reset on
// create and kept on spec writes, the status subresource the quota controller writes.
import { type FieldError } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { resourceQuotaPrinter } from '../../printers/policy.js';
import { defineResource } from '../strategy/define.js';
import { objAt } from '../strategy/util.js';
import { validateQuantityValue, validateQuotaResourceName } from './resourcenames.js';

function validateList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(objAt(list))) {
    const p = `${path}[${name}]`;
    errs.push(...validateQuotaResourceName(name, p), ...validateQuantityValue(name, value, p));
  }
  return errs;
}

function validate(o: Obj): FieldError[] {
  const status = objAt(o.status);
  return [...validateList(objAt(o.spec).hard, 'spec.hard'), ...validateList(status.hard, 'status.hard'), ...validateList(status.used, 'status.used')];
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
