// Admission plugins owned by authorization: NodeRestriction, RBAC escalation prevention, the CSR
// requestor stamp, CSR approve/sign permissions, Priority (priorityClassName → spec.priority) and
// NamespaceLifecycle (immortal namespaces), DefaultIngressClass and DefaultStorageClass.
export { nodeRestriction } from './node-restriction.js';
export { rbacEscalation, type EscalationDeps } from './escalation.js';
export { csrRequestor, csrSignerPermissions } from './csr.js';
export { priorityAdmission } from './priority.js';
export { namespaceLifecycle, immortalNamespaces } from './namespace-lifecycle.js';
export { defaultIngressClass, defaultStorageClass } from './default-class.js';
