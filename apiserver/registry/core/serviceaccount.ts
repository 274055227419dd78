// ServiceAccounts and their token subresource (TokenRequest).
import { serviceAccountPrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';

export const serviceaccounts = defineResource({
  group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true,
  shortNames: ['sa'],
  printer: serviceAccountPrinter,
  subresources: { token: { type: 'token' } },
});
