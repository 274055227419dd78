// What the certificate controllers need from the API beyond an informer: write a CSR's approval
// conditions (the /approval subresource) and its status (/status, where the certificate goes),
// and ask a SubjectAccessReview. client-node implementation + the CSR informer.
import { AuthorizationV1Api, CertificatesV1Api, type KubeConfig, type V1CertificateSigningRequest } from '@kubernetes/client-node';
import { ListWatchInformer, type Informer } from '../../apimachinery/controller/index.js';
import { keepAliveApiClient } from '../../apimachinery/keepalive.js';
import type { Logger } from '../../apimachinery/log.js';

export type CSR = V1CertificateSigningRequest;

export interface AccessCheck {
  user: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
  group: string;
  resource: string;
  subresource?: string;
  verb: string;
}

export interface CSRApi {
  /** PUT …/certificatesigningrequests/<name>/approval (status.conditions Approved/Denied). */
  updateApproval(csr: CSR): Promise<CSR>;
  /** PUT …/certificatesigningrequests/<name>/status (status.certificate, Failed conditions). */
  updateStatus(csr: CSR): Promise<CSR>;
  /** A SubjectAccessReview: may `user` do this? */
  allowed(check: AccessCheck): Promise<boolean>;
}

export function clientNodeCSRApi(kc: KubeConfig): CSRApi {
  const certs = keepAliveApiClient(kc, CertificatesV1Api);
  const authz = keepAliveApiClient(kc, AuthorizationV1Api);
  return {
    updateApproval: (csr) => certs.replaceCertificateSigningRequestApproval({ name: csr.metadata?.name ?? '', body: csr }),
    updateStatus: (csr) => certs.replaceCertificateSigningRequestStatus({ name: csr.metadata?.name ?? '', body: csr }),
    allowed: async (c) => {
      const review = await authz.createSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: c.user, uid: c.uid, groups: c.groups, extra: c.extra, resourceAttributes: { group: c.group, resource: c.resource, subresource: c.subresource, verb: c.verb } },
        },
      });
      return review.status?.allowed === true;
    },
  };
}

/** A list/watch informer over every CertificateSigningRequest (cluster-scoped). */
export function csrInformer(kc: KubeConfig, logger: Logger): Informer<CSR> {
  const certs = kc.makeApiClient(CertificatesV1Api);
  return new ListWatchInformer<CSR>(kc, { path: '/apis/certificates.k8s.io/v1/certificatesigningrequests', typeName: 'V1CertificateSigningRequest', list: () => certs.listCertificateSigningRequest() }, { logger });
}

/** The condition of `type` with status True, if any. */
export function condition(csr: CSR, type: 'Approved' | 'Denied' | 'Failed'): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === type && c.status !== 'False');
}

/** The PEM request of a CSR object (spec.request is base64 of the PEM). */
export function requestPem(csr: CSR): string {
  return Buffer.from(csr.spec.request, 'base64').toString('utf8');
}
