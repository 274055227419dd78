// The certificate controllers of kube-controller-manager: csrsigning (signs Approved CSRs for the
// built-in signers with the cluster CA) and csrapproving (auto-approves kubelet client CSRs).
export { CSRSigningController, type SigningOptions } from './signer.js';
export { CSRApprovingController } from './approver.js';
export { clientNodeCSRApi, csrInformer, condition, requestPem, type CSR, type CSRApi, type AccessCheck } from './api.js';
export { Signers, validateForSigner, type SignerName } from './usages.js';
