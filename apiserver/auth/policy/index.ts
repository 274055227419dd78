// The default authorization policy: ClusterRoles, ClusterRoleBindings and the system
// PriorityClasses every cluster starts with, created and reconciled at API server start.
export { ensureBootstrapPolicy, ensureSystemPriorityClasses } from './ensure.js';
export { defaultClusterRoles, type DefaultClusterRole } from './cluster-roles.js';
export { defaultClusterRoleBindings, systemPriorityClasses, type DefaultBinding } from './bindings.js';
