// CertificateSigningRequests: validation (PEM request, signer, usages, duration, conditions), a spec
// frozen after creation, and approval: Approved/Denied change only through the approval subresource.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, clone, ensure, nowRFC3339 } from '../../../apimachinery/objects.js';
import { csrPrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { objs, strs } from '../strategy/util.js';

/** certificates ValidateCertificateSigningRequest (v1): a PEM CSR, a signer, usages, a sane duration, coherent conditions. */
function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = isObj(o.spec) ? o.spec : {};
  const pem = typeof spec.request === 'string' ? Buffer.from(spec.request, 'base64').toString('utf8') : '';
  if (!pem) errs.push(fe.required('spec.request'));
  else if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) errs.push(fe.invalid('spec.request', '<request data>', 'PEM block type must be CERTIFICATE REQUEST'));
  if (typeof spec.signerName !== 'string' || spec.signerName === '') errs.push(fe.required('spec.signerName'));
  else if (!/^[a-z0-9.-]+\/[a-zA-Z0-9.:_-]+$/.test(spec.signerName) || spec.signerName.split('/')[0].indexOf('.') < 0)
    errs.push(fe.invalid('spec.signerName', spec.signerName, 'should be a domain with at least two segments separated by dots, followed by a path'));
  if (strs(spec.usages).length === 0) errs.push(fe.required('spec.usages'));
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    errs.push(fe.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  const status = isObj(o.status) ? o.status : {};
  const conds = objs(status.conditions);
  const types = new Set<string>();
  conds.forEach((c, i) => {
    const t = String(c.type ?? '');
    if (t === '') errs.push(fe.required(`status.conditions[${i}].type`));
    else if (types.has(t) && ['Approved', 'Denied', 'Failed'].includes(t)) errs.push(fe.duplicate(`status.conditions[${i}].type`, t));
    if ((t === 'Approved' || t === 'Denied') && c.status !== 'True') errs.push(fe.notSupported(`status.conditions[${i}].status`, c.status ?? '', ['True']));
    types.add(t);
  });
  if (types.has('Approved') && types.has('Denied'))
    errs.push(fe.invalid('status.conditions', 'Approved,Denied', 'Approved and Denied conditions are mutually exclusive'));
  if (typeof status.certificate === 'string' && status.certificate !== '' && !types.has('Approved'))
    errs.push(fe.invalid('status.certificate', '<certificate data>', 'certificate issued to a non-approved request'));
  return errs;
}

const isApproval = (c: unknown): boolean => isObj(c) && (c.type === 'Approved' || c.type === 'Denied');
const conditionsOf = (status: unknown): unknown[] => (isObj(status) && Array.isArray(status.conditions) ? status.conditions : []);

/**
 * CSR conditions after a status or approval write: Approved/Denied come from `old` for status
 * writes ('keep-approval') and from `next` for approval writes ('take-approval'); the others the other way.
 */
export function mergeCSRConditions(oldStatus: unknown, nextStatus: unknown, mode: 'keep-approval' | 'take-approval'): unknown[] {
  const fromOld = conditionsOf(oldStatus).filter((c) => isApproval(c) === (mode === 'keep-approval'));
  const fromNext = conditionsOf(nextStatus).filter((c) => isApproval(c) !== (mode === 'keep-approval'));
  return clone([...fromOld, ...fromNext]);
}

export const certificatesigningrequests = defineResource({
  group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', namespaced: false,
  shortNames: ['csr'],
  prepareForCreate(o) {
    // Approval and the certificate come later, through the approval and status subresources.
    o.status = {};
  },
  prepareForUpdate(o, old) {
    // A CSR's spec (request, requestor) never changes after creation.
    o.spec = clone(old.spec);
  },
  prepareForStatusUpdate(next, old) {
    // A CSR is approved or denied only through its approval subresource.
    ensure(next, 'status').conditions = mergeCSRConditions(old.status, next.status, 'keep-approval');
  },
  validate,
  printer: csrPrinter,
  subresources: {
    approval: {
      type: 'write',
      body: { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest' },
      methods: ['PUT', 'PATCH'],
      get: true,
      apply(live, desired) {
        const now = nowRFC3339();
        // Approved/Denied come from the request; Failed and other conditions stay as they were.
        const conds = mergeCSRConditions(live.status, desired.status, 'take-approval').filter(isObj);
        for (const c of conds) {
          if (c.lastUpdateTime === undefined || c.lastUpdateTime === null) c.lastUpdateTime = now;
          if (c.lastTransitionTime === undefined || c.lastTransitionTime === null) c.lastTransitionTime = now;
        }
        ensure(live, 'status').conditions = conds;
        return live;
      },
      bodyPrecondition: true,
      // Admission sees an UPDATE of subresource "approval" (the approve-permission check).
      internal: true,
      dryRun: true,
    },
    status: { type: 'status' },
  },
});
