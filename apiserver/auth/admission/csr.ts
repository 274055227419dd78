// CertificateSigningRequest admission: on creation the requestor's identity is recorded from the
// authenticated user, never from the client (Kubernetes does it in the CSR strategy); approving
// needs `approve` and issuing needs `sign` on the signer (CertificateApproval/CertificateSigning).
import { errors } from '../../../apimachinery/errors.js';
import { ensure, isObj, type Obj } from '../../../apimachinery/objects.js';
import type { AdmissionPlugin, AdmissionRequest, Authorizer, UserInfo } from '../types.js';

export function csrRequestor(): AdmissionPlugin {
  return {
    name: 'CertificateSigningRequestUser',
    async admit(r) {
      if (r.operation !== 'CREATE' || r.group !== 'certificates.k8s.io' || r.resource !== 'certificatesigningrequests' || !r.object) return;
      const spec = ensure(r.object, 'spec');
      spec.username = r.user.name;
      if (r.user.uid) spec.uid = r.user.uid;
      else delete spec.uid;
      spec.groups = [...r.user.groups];
      if (r.user.extra && Object.keys(r.user.extra).length > 0) spec.extra = structuredClone(r.user.extra);
      else delete spec.extra;
    },
  };
}

const csrResource = (r: { group: string; resource: string }): boolean => r.group === 'certificates.k8s.io' && r.resource === 'certificatesigningrequests';

type ConditionLike = { type?: unknown; status?: unknown };

function conditionTypes(o: Obj | undefined): string {
  const status = o && isObj(o.status) ? o.status : {};
  const conds = Array.isArray(status.conditions) ? (status.conditions.filter(isObj) as ConditionLike[]) : [];
  return conds.map((c) => `${String(c.type)}=${String(c.status)}`).sort().join(',');
}

/** Kubernetes' signer check: `verb` on signers/<name> or on signers/<domain>/*. */
async function maySigner(authorizer: Authorizer, user: UserInfo, verb: string, signerName: string): Promise<boolean> {
  const names = [signerName, `${signerName.split('/')[0]}/*`];
  for (const name of names) {
    const { decision } = await authorizer.authorize({ user, verb, resourceRequest: true, path: '', apiGroup: 'certificates.k8s.io', apiVersion: 'v1', resource: 'signers', subresource: '', namespace: '', name });
    if (decision === 'allow') return true;
  }
  return false;
}

const signerOf = (o: Obj | undefined): string => (o && isObj(o.spec) && typeof o.spec.signerName === 'string' ? o.spec.signerName : '');
const csrName = (r: AdmissionRequest): string => r.name || (r.object && isObj(r.object.metadata) ? String(r.object.metadata.name ?? '') : '');

/**
 * CertificateApproval and CertificateSigning (validating), as Kubernetes': changing the approval
 * conditions needs `approve`, and setting status.certificate needs `sign`, on the request's signer.
 */
export function csrSignerPermissions(deps: { authorizer: Authorizer }): AdmissionPlugin {
  return {
    name: 'CertificateApproval',
    async validate(r) {
      if (r.operation !== 'UPDATE' || !csrResource(r) || !r.object) return;
      const signer = signerOf(r.oldObject) || signerOf(r.object);
      if (r.subresource === 'approval' && conditionTypes(r.object) !== conditionTypes(r.oldObject)) {
        if (!(await maySigner(deps.authorizer, r.user, 'approve', signer)))
          throw errors.forbidden(`certificatesigningrequests.certificates.k8s.io ${JSON.stringify(csrName(r))} is forbidden: user not permitted to approve requests with signerName ${JSON.stringify(signer)}`);
      }
      if (r.subresource === 'status') {
        const cert = (o: Obj | undefined): unknown => (o && isObj(o.status) ? o.status.certificate : undefined);
        if (cert(r.object) !== cert(r.oldObject) && !(await maySigner(deps.authorizer, r.user, 'sign', signer)))
          throw errors.forbidden(`certificatesigningrequests.certificates.k8s.io ${JSON.stringify(csrName(r))} is forbidden: user not permitted to sign requests with signerName ${JSON.stringify(signer)}`);
      }
    },
  };
}
