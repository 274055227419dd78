// ClusterRoleBindings: path-segment names, subject defaults, roleRef and subject validation, immutable roleRef.
import { clusterRoleBindingPrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { defaultSubjects, validateBinding, validateRoleRefUnchanged } from './validation.js';

export const clusterrolebindings = defineResource({
  group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false,
  nameKind: 'path',
  defaults: defaultSubjects,
  validate: (o) => validateBinding(o, false),
  validateUpdate: validateRoleRefUnchanged,
  printer: clusterRoleBindingPrinter,
});
