// APIServices (apiregistration.k8s.io/v1): which server serves a group-version. Stored and
// validated as kube-aggregator does; proxying to service-backed ones is issue 14's. A Local
// APIService (no spec.service) is always Available, as the aggregator's availability controller
// reports it; service-backed ones stay Unknown until that controller exists.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, nowRFC3339 } from '../../../apimachinery/objects.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../apimachinery/validation.js';
import { apiServicePrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent, validPort } from '../strategy/util.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The Available condition of a Local APIService. */
export function localAvailable(now = new Date()): Obj {
  return { type: 'Available', status: 'True', lastTransitionTime: nowRFC3339(now), reason: 'Local', message: 'Local APIServices are always available' };
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const group = str(spec.group);
  const version = str(spec.version);
  const name = str(objAt(o.metadata).name);
  const required = `${version}.${group}`;
  if (name !== '' && name !== required) errs.push(fe.invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`));
  if (group === '' && version !== 'v1') errs.push(fe.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '') for (const m of isDNS1123Subdomain(group)) errs.push(fe.invalid('spec.group', group, m));
  for (const m of isDNS1035Label(version)) errs.push(fe.invalid('spec.version', version, m));
  const gpm = num(spec.groupPriorityMinimum);
  if (gpm <= 0 || gpm > 20000) errs.push(fe.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = num(spec.versionPriority);
  if (vp <= 0 || vp > 1000) errs.push(fe.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  const caBundle = str(spec.caBundle);
  const insecure = spec.insecureSkipTLSVerify === true;
  if (!isObj(spec.service)) {
    if (caBundle !== '') errs.push(fe.invalid('spec.caBundle', `${Buffer.from(caBundle, 'base64').length} bytes`, 'local APIServices may not have a caBundle'));
    if (insecure) errs.push(fe.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errs;
  }
  const svc = spec.service;
  if (str(svc.namespace) === '') errs.push(fe.required('spec.service.namespace'));
  if (str(svc.name) === '') errs.push(fe.required('spec.service.name'));
  if (!validPort(svc.port)) errs.push(fe.invalid('spec.service.port', svc.port ?? 0, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (insecure && caBundle !== '') errs.push(fe.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  return errs;
}

export const apiservices = defineResource({
  group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', plural: 'apiservices', namespaced: false,
  categories: ['api-extensions'],
  nameKind: 'path',
  defaults(o) {
    if (isObj(o.spec) && isObj(o.spec.service)) setIfAbsent(o.spec.service, 'port', 443);
  },
  prepareForCreate(o) {
    o.status = isObj(o.spec) && !isObj(o.spec.service) ? { conditions: [localAvailable()] } : {};
  },
  validate,
  printer: apiServicePrinter,
  subresources: { status: { type: 'status' } },
});
