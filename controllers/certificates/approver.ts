// The CSR approving controller (kube-controller-manager's csrapproving): auto-approves kubelet
// client certificate requests (signer kube-apiserver-client-kubelet, CN system:node:<name>,
// O system:nodes, client auth, no SANs) when a SubjectAccessReview says the requester may create
// certificatesigningrequests/nodeclient (a new node, e.g. group system:bootstrappers) or
// /selfnodeclient (a node renewing its own). Unlike Kubernetes (which leaves them to a human or an
// external approver) it also approves kubelet serving certificates (signer kubelet-serving) that a
// node asks for itself — requester system:node:<name> in group system:nodes, CN the same name —
// as k3s does, so `kubectl logs/exec` reach joined nodes over verified TLS. Anything else is left
// for a human (kubectl certificate approve).
import type { Informer, ObjectKey } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import { condition, requestPem, type CSR, type CSRApi } from './api.js';
import { CSRController } from './controller.js';
import { pki } from './pki.js';
import { Signers, validateForSigner } from './usages.js';

export class CSRApprovingController extends CSRController {
  constructor(csrs: Informer<CSR>, api: CSRApi, logger: Logger, opts: { workers?: number } = {}) {
    super('csrapproving', csrs, api, logger, opts.workers);
  }

  async reconcile(key: ObjectKey, signal: AbortSignal): Promise<void> {
    const cached = this.csrs.store.get(key.name);
    if (!cached || (cached.spec.signerName !== Signers.kubeletClient && cached.spec.signerName !== Signers.kubeletServing)) return;
    if (condition(cached, 'Approved') || condition(cached, 'Denied') || cached.status?.certificate) return;
    if (cached.spec.signerName === Signers.kubeletServing) return this.reconcileServing(key, cached, signal);
    let subject;
    try {
      subject = await (await pki()).csrSubject(requestPem(cached), { signal });
    } catch {
      return; // not ours to judge: the signer marks it Failed once someone approves it
    }
    if (validateForSigner(Signers.kubeletClient, cached.spec.usages ?? [], subject) !== undefined) return;
    const username = cached.spec.username ?? '';
    const subresource = username === subject.cn ? 'selfnodeclient' : 'nodeclient';
    const extra = cached.spec.extra as Record<string, string[]> | undefined;
    const ok = await this.api.allowed({ user: username, uid: cached.spec.uid, groups: cached.spec.groups ?? [], extra, group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource, verb: 'create' });
    if (!ok) {
      this.log.info({ csr: key.name, user: username, subresource }, 'not auto-approving: the requester may not create this subresource');
      return;
    }
    const csr = structuredClone(cached);
    const message = subresource === 'selfnodeclient' ? 'Auto approving self kubelet client certificate after SubjectAccessReview.' : 'Auto approving kubelet client certificate after SubjectAccessReview.';
    await this.approve(csr, message);
    this.log.info({ csr: key.name, user: username, cn: subject.cn }, 'auto-approved kubelet client certificate');
  }

  /** A node's own serving certificate: the requester must be that node (its client certificate). */
  private async reconcileServing(key: ObjectKey, cached: CSR, signal: AbortSignal): Promise<void> {
    let subject;
    try {
      subject = await (await pki()).csrSubject(requestPem(cached), { signal });
    } catch {
      return;
    }
    if (validateForSigner(Signers.kubeletServing, cached.spec.usages ?? [], subject) !== undefined) return;
    const username = cached.spec.username ?? '';
    if (username !== subject.cn || !(cached.spec.groups ?? []).includes('system:nodes')) {
      this.log.info({ csr: key.name, user: username, cn: subject.cn }, 'not auto-approving: a kubelet serving certificate must be requested by that node');
      return;
    }
    await this.approve(structuredClone(cached), 'Auto approving kubelet serving certificate requested by the node itself.');
    this.log.info({ csr: key.name, user: username }, 'auto-approved kubelet serving certificate');
  }

  private async approve(csr: CSR, message: string): Promise<void> {
    const now = new Date();
    csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason: 'AutoApproved', message, lastUpdateTime: now, lastTransitionTime: now }] };
    await this.api.updateApproval(csr);
  }
}
