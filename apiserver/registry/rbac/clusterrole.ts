// ClusterRoles: path-segment names (ValidateRBACName), policy rule validation.
import { rolePrinter } from '../../printers/auth.js';
import { defineResource } from '../strategy/define.js';
import { validateRules } from './validation.js';

export const clusterroles = defineResource({
  group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false,
  nameKind: 'path',
  validate: (o) => validateRules(o, false),
  printer: rolePrinter,
});
