// RoleBindings: path-segment names, subject defaults, roleRef and subject validation, immutable roleRef.
import { roleBindingPrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { defaultSubjects, validateBinding, validateRoleRefUnchanged } from './validation.js';

export const rolebindings = defineResource({
  group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true,
  nameKind: 'path',
  defaults: defaultSubjects,
  validate: (o) => validateBinding(o, true),
  validateUpdate: validateRoleRefUnchanged,
  printer: roleBindingPrinter,
});
