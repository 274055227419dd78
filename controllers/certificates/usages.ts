// Which key usages each built-in signer allows (Kubernetes' certificates/signer validation):
// a CSR asking for anything else is Failed, not signed.
import type { CertUsage, CSRSubject } from '../../apimachinery/pki/index.js';

export const Signers = {
  kubeletClient: 'kubernetes.io/kube-apiserver-client-kubelet',
  apiserverClient: 'kubernetes.io/kube-apiserver-client',
  kubeletServing: 'kubernetes.io/kubelet-serving',
} as const;

export type SignerName = (typeof Signers)[keyof typeof Signers];

export const isOurSigner = (s: string): s is SignerName => (Object.values(Signers) as string[]).includes(s);

const clientUsages = new Set(['digital signature', 'key encipherment', 'client auth']);
const servingUsages = new Set(['digital signature', 'key encipherment', 'server auth']);

/** An error message when the request does not fit the signer, else undefined. */
export function validateForSigner(signer: SignerName, usages: readonly string[], subject: CSRSubject): string | undefined {
  const allowed = signer === Signers.kubeletServing ? servingUsages : clientUsages;
  const bad = usages.filter((u) => !allowed.has(u));
  if (bad.length > 0) return `usages ${JSON.stringify(bad)} are not allowed for signer ${signer}`;
  const needed = signer === Signers.kubeletServing ? 'server auth' : 'client auth';
  if (!usages.includes(needed)) return `signer ${signer} needs the usage "${needed}"`;
  if (signer === Signers.apiserverClient) return undefined;
  if (!subject.cn.startsWith('system:node:') || subject.cn.length === 'system:node:'.length) return `the subject CN must be system:node:<nodeName>, got ${JSON.stringify(subject.cn)}`;
  if (subject.o.length !== 1 || subject.o[0] !== 'system:nodes') return `the subject O must be exactly ["system:nodes"], got ${JSON.stringify(subject.o)}`;
  if (signer === Signers.kubeletClient && subject.dnsNames.length + subject.ipAddresses.length > 0) return 'a kubelet client certificate carries no SANs';
  if (signer === Signers.kubeletServing && subject.dnsNames.length + subject.ipAddresses.length === 0) return 'a kubelet serving certificate needs at least one DNS or IP SAN';
  return undefined;
}

export function certUsageFor(signer: SignerName): CertUsage {
  return signer === Signers.kubeletServing ? 'server' : 'client';
}
