// The CSR signing controller (kube-controller-manager's csrsigning): signs Approved requests for
// the built-in signers kube-apiserver-client-kubelet, kube-apiserver-client and kubelet-serving
// with the cluster CA and writes status.certificate; a request the signer cannot honour gets a
// Failed condition. Level-based: a CSR already holding a certificate is left alone.
import type { Informer, ObjectKey } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { CA } from '../../apimachinery/pki/index.js';
import { condition, requestPem, type CSR, type CSRApi } from './api.js';
import { CSRController } from './controller.js';
import { pki } from './pki.js';
import { certUsageFor, isOurSigner, validateForSigner } from './usages.js';

export interface SigningOptions {
  /** The CA that signs (from --cluster-signing-cert-file / --cluster-signing-key-file). */
  ca: () => Promise<CA>;
  /** --cluster-signing-duration (ms); a CSR's spec.expirationSeconds may only shorten it. */
  maxDurationMs?: number;
  workers?: number;
}

const dayMs = 86_400_000;

export class CSRSigningController extends CSRController {
  constructor(
    csrs: Informer<CSR>,
    api: CSRApi,
    logger: Logger,
    private readonly opts: SigningOptions,
  ) {
    super('csrsigning', csrs, api, logger, opts.workers);
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<void> {
    const cached = this.csrs.store.get(key.name);
    if (!cached || !isOurSigner(cached.spec.signerName)) return;
    if (!condition(cached, 'Approved') || condition(cached, 'Denied') || condition(cached, 'Failed') || cached.status?.certificate) return;
    const signer = cached.spec.signerName;
    const csr = structuredClone(cached);
    let subject;
    try {
      subject = await (await pki()).csrSubject(requestPem(csr), { signal });
    } catch (e) {
      await this.fail(csr, 'SignerValidationFailure', `the request does not parse: ${(e as Error).message}`);
      return;
    }
    const invalid = validateForSigner(signer, csr.spec.usages ?? [], subject);
    if (invalid) {
      await this.fail(csr, 'SignerValidationFailure', invalid);
      return;
    }
    const maxMs = this.opts.maxDurationMs ?? 365 * dayMs;
    const askedMs = csr.spec.expirationSeconds ? csr.spec.expirationSeconds * 1000 : maxMs;
    const days = Math.max(1, Math.ceil(Math.min(askedMs, maxMs) / dayMs));
    const pem = await (await pki()).signCSR(await this.opts.ca(), requestPem(csr), { usage: certUsageFor(signer), days, signal });
    csr.status = { ...csr.status, certificate: Buffer.from(pem).toString('base64') };
    await this.api.updateStatus(csr);
    this.log.info({ csr: key.name, signer, cn: subject.cn }, 'signed certificate');
  }

  private async fail(csr: CSR, reason: string, message: string): Promise<void> {
    const now = new Date();
    csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Failed', status: 'True', reason, message, lastUpdateTime: now, lastTransitionTime: now }] };
    await this.api.updateStatus(csr);
    this.log.warn({ csr: csr.metadata?.name, reason, message }, 'not signing');
  }
}
