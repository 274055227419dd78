// Cluster PKI helpers in-process (@peculiar/x509 on WebCrypto, ECDSA P-256): CA, certificates, CSRs, the kubeadm CA
// hash, and kubeconfig files carrying CA data and client credentials.
export { newCA, loadCA, issueCert, signCSR, newKeyAndCSR, type CA, type CertUsage, type KeyPair, type IssueOptions } from './certs.js';
export { csrSubject, caCertHash, certIPs, type CSRSubject } from './inspect.js';
export { kubeconfigYaml, writeKubeconfigFile, type KubeconfigOptions } from './kubeconfig.js';
