// Getting a certificate from the cluster as kubelet TLS bootstrapping does: create a
// certificates.k8s.io/v1 CertificateSigningRequest, wait until the controller-manager approved and
// signed it (status.certificate), or fail on Denied / Failed.
import { randomBytes } from 'node:crypto';
import { CertificatesV1Api, type KubeConfig, type V1CertificateSigningRequest } from '@kubernetes/client-node';

export const CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

export interface CertificateRequest {
  /** Prefix of the object name (a random suffix is added). */
  namePrefix: string;
  csrPem: string;
  signerName: string;
  usages: string[];
  expirationSeconds?: number;
}

export class CertificateDeniedError extends Error {}

export function csrObject(r: CertificateRequest): V1CertificateSigningRequest {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: `${r.namePrefix}-${randomBytes(4).toString('hex')}` },
    spec: {
      request: Buffer.from(r.csrPem).toString('base64'),
      signerName: r.signerName,
      usages: r.usages,
      ...(r.expirationSeconds ? { expirationSeconds: r.expirationSeconds } : {}),
    },
  };
}

/** The issued PEM certificate, undefined while pending; throws when denied or failed. */
export function issuedCertificate(csr: V1CertificateSigningRequest): string | undefined {
  for (const c of csr.status?.conditions ?? []) {
    if ((c.type === 'Denied' || c.type === 'Failed') && c.status !== 'False') {
      throw new CertificateDeniedError(`CertificateSigningRequest ${csr.metadata?.name} ${c.type.toLowerCase()}: ${c.reason ?? ''} ${c.message ?? ''}`.trim());
    }
  }
  const cert = csr.status?.certificate;
  if (!cert) return undefined;
  // client-node types it as string; the API sends base64 of the PEM chain.
  const text = Buffer.from(cert, 'base64').toString('utf8');
  return text.includes('-----BEGIN CERTIFICATE-----') ? text : undefined;
}

/** Creates the CSR and resolves with the signed certificate once it is issued (polling). */
export async function requestCertificate(kc: KubeConfig, r: CertificateRequest, signal: AbortSignal): Promise<{ name: string; certPem: string }> {
  const api = kc.makeApiClient(CertificatesV1Api);
  const created = await api.createCertificateSigningRequest({ body: csrObject(r) });
  const name = created.metadata!.name!;
  for (;;) {
    const csr = await api.readCertificateSigningRequest({ name });
    const pem = issuedCertificate(csr);
    if (pem) return { name, certPem: pem };
    if (signal.aborted) {
      throw new Error(`CertificateSigningRequest ${name} (${r.signerName}) was not approved and signed in time: is the controller-manager running with --cluster-signing-cert-file?`);
    }
    await new Promise((res) => setTimeout(res, 300));
  }
}
