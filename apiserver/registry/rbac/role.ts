// Roles: path-segment names (ValidateRBACName), policy rule validation.
import { rolePrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { validateRules } from './validation.js';

export const roles = defineResource({
  group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true,
  nameKind: 'path',
  validate: (o) => validateRules(o, true),
  printer: rolePrinter,
});
