// Reading certificates and CSRs: the subject and SANs of a PEM CSR (@peculiar/x509, which also
// checks its self-signature), and the kubeadm discovery hash of a CA certificate (Node's X509Certificate).
import { createHash, X509Certificate } from 'node:crypto';

export interface CSRSubject {
  cn: string;
  /** Organisations, in the order they appear. */
  o: string[];
  dnsNames: string[];
  ipAddresses: string[];
}

/** Parses the subject (CN, O) and requested SANs of a PEM CSR; rejects one whose signature is bad. */
export async function csrSubject(csrPem: string, opts: { signal?: AbortSignal } = {}): Promise<CSRSubject> {
  opts.signal?.throwIfAborted();
  if (!csrPem.includes('-----BEGIN CERTIFICATE REQUEST-----')) throw new Error('not a PEM certificate request');
  const { x509 } = await import('./x509.js');
  let csr;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (e) {
    throw new Error(`the certificate request does not parse: ${(e as Error).message}`);
  }
  const verified = await csr.verify().catch(() => false);
  if (!verified) throw new Error('the CSR self-signature does not verify');
  const names = csr.extensions.flatMap((e) => (e instanceof x509.SubjectAlternativeNameExtension ? e.names.items : []));
  return {
    cn: csr.subjectName.getField('CN')[0] ?? '',
    o: csr.subjectName.getField('O'),
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === 'ip').map((n) => n.value),
  };
}

/** "sha256:<hex>" of the CA certificate's DER SubjectPublicKeyInfo (kubeadm's --discovery-token-ca-cert-hash). */
export function caCertHash(caPem: string): string {
  const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return 'sha256:' + createHash('sha256').update(spki).digest('hex');
}

/** The IP addresses among a PEM certificate's SANs (to tell whether a serving cert still fits). */
export function certIPs(certPem: string): string[] {
  const san = new X509Certificate(certPem).subjectAltName ?? '';
  return san.split(',').map((s) => s.trim()).filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11));
}
