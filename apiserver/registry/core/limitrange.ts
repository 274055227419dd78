// LimitRanges: per resource, min <= defaultRequest <= default <= max, with Kubernetes' messages,
// and no defaults on a Pod-type limit.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import type { Obj } from '../../../apimachinery/objects.js';
import { type Quantity, compareQuantity, formatQuantity } from '../../../apimachinery/quantity.js';
import { limitRangePrinter } from '../../printers/policy.js';
import { defineResource } from '../strategy/define.js';
import { objAt, objs } from '../strategy/util.js';
import { goQuantity } from './goquantity.js';
import { validateQuantityValue } from './resourcenames.js';
import { quantityAt } from './volumes.js';

const kinds = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type Kind = (typeof kinds)[number];

function validateLimit(limit: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (limit.type === 'Pod') {
    for (const k of ['default', 'defaultRequest'])
      if (Object.keys(objAt(limit[k])).length > 0) errs.push(fe.forbidden(`${path}.${k}`, "may not be specified when `type` is 'Pod'"));
  }
  const q: Record<Kind, Map<string, Quantity>> = { max: new Map(), min: new Map(), default: new Map(), defaultRequest: new Map(), maxLimitRequestRatio: new Map() };
  const names = new Set<string>();
  for (const k of kinds) {
    for (const [name, value] of Object.entries(objAt(limit[k]))) {
      errs.push(...validateQuantityValue(name, value, `${path}.${k}[${name}]`));
      const parsed = quantityAt(value);
      if (parsed) q[k].set(name, parsed);
      names.add(name);
    }
  }
  const s = formatQuantity;
  const gt = (a: Quantity, b: Quantity): boolean => compareQuantity(a, b) > 0;
  const raw = (k: Kind, name: string): string => String(objAt(limit[k])[name]);
  for (const name of names) {
    const [min, max, def, req] = [q.min.get(name), q.max.get(name), q.default.get(name), q.defaultRequest.get(name)];
    // The bad value is the Quantity itself, printed by Go as a struct after String() cached its canonical form.
    const bad = (at: Kind, shown: Kind, value: Quantity, detail: string): FieldError => ({
      field: `${path}.${at}[${name}]`, type: 'FieldValueInvalid', message: `Invalid value: ${goQuantity(raw(shown, name), s(value))}: ${detail}`,
    });
    if (min && max && gt(min, max)) errs.push(bad('min', 'min', min, `min value ${s(min)} is greater than max value ${s(max)}`));
    if (req && min && gt(min, req)) errs.push(bad('defaultRequest', 'defaultRequest', req, `min value ${s(min)} is greater than default request value ${s(req)}`));
    if (req && max && gt(req, max)) errs.push(bad('defaultRequest', 'defaultRequest', req, `default request value ${s(req)} is greater than max value ${s(max)}`));
    if (req && def && gt(req, def)) errs.push(bad('defaultRequest', 'defaultRequest', req, `default request value ${s(req)} is greater than default limit value ${s(def)}`));
    if (def && min && gt(min, def)) errs.push(bad('default', 'min', min, `min value ${s(min)} is greater than default value ${s(def)}`));
    if (def && max && gt(def, max)) errs.push(bad('default', 'max', max, `default value ${s(def)} is greater than max value ${s(max)}`));
  }
  return errs;
}

/** SetDefaults_LimitRangeItem: a Container limit's default comes from max, its defaultRequest from default, then min. */
function defaultLimit(limit: Obj): void {
  if (limit.type !== 'Container') return;
  const def = { ...objAt(limit.default) };
  const req = { ...objAt(limit.defaultRequest) };
  for (const [k, v] of Object.entries(objAt(limit.max))) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
  for (const [k, v] of Object.entries(objAt(limit.min))) if (!(k in req)) req[k] = v;
  if (Object.keys(def).length > 0) limit.default = def;
  if (Object.keys(req).length > 0) limit.defaultRequest = req;
}

export const limitranges = defineResource({
  group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true,
  shortNames: ['limits'],
  defaults: (o) => objs(objAt(o.spec).limits).forEach(defaultLimit),
  validate: (o) => objs(objAt(o.spec).limits).flatMap((l, i) => validateLimit(l, `spec.limits[${i}]`)),
  printer: limitRangePrinter,
});
