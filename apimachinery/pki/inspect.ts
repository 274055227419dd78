// Reading certificates and CSRs: the subject and SANs of a PEM CSR (openssl), and the kubeadm
// discovery hash of a CA certificate (Node's X509Certificate).
import { createHash, X509Certificate } from 'node:crypto';
import { openssl } from './openssl.js';

export interface CSRSubject {
  cn: string;
  /** Organisations, in the order they appear. */
  o: string[];
  dnsNames: string[];
  ipAddresses: string[];
}

/** Parses the subject (CN, O) and requested SANs of a PEM CSR; rejects one whose signature is bad. */
export async function csrSubject(csrPem: string, opts: { signal?: AbortSignal } = {}): Promise<CSRSubject> {
  if (!csrPem.includes('-----BEGIN CERTIFICATE REQUEST-----')) throw new Error('not a PEM certificate request');
  const { stdout, stderr } = await openssl(['req', '-noout', '-verify', '-text', '-nameopt', 'sep_multiline,sname,esc_ctrl,utf8,-esc_msb'], { stdin: csrPem, signal: opts.signal });
  // openssl 3.0 exits 0 on a bad self-signature; only its message tells.
  if (!`${stderr}${stdout}`.includes('self-signature verify OK')) throw new Error('the CSR self-signature does not verify');
  const lines = stdout.split('\n');
  const out: CSRSubject = { cn: '', o: [], dnsNames: [], ipAddresses: [] };
  const subjectAt = lines.findIndex((l) => /^\s+Subject:\s*$/.test(l));
  if (subjectAt >= 0) {
    const indent = (lines[subjectAt] ?? '').search(/\S/);
    for (const l of lines.slice(subjectAt + 1)) {
      if (l.search(/\S/) <= indent) break;
      const m = /^\s*([A-Za-z]+)=(.*)$/.exec(l);
      if (m?.[1] === 'CN') out.cn = m[2] ?? '';
      else if (m?.[1] === 'O') out.o.push(m[2] ?? '');
    }
  }
  const sanAt = lines.findIndex((l) => l.includes('X509v3 Subject Alternative Name'));
  for (const part of sanAt >= 0 ? (lines[sanAt + 1] ?? '').split(',') : []) {
    const p = part.trim();
    if (p.startsWith('DNS:')) out.dnsNames.push(p.slice(4));
    else if (p.startsWith('IP Address:')) out.ipAddresses.push(p.slice(11));
  }
  return out;
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
