// CustomResourceDefinitions (apiextensions.k8s.io/v1): stored and validated here, helpers in ./crd/.
// Serving the custom resources and the NamesAccepted/Established conditions are issue 14's.
import { customResourceDefinitionPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { defaultCRD, recordStoredVersion } from './crd/defaults.js';
import { validateCRD, validateCRDUpdate } from './crd/validation.js';

export const customresourcedefinitions = defineResource({
  group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  hasGeneration: true,
  defaults: defaultCRD,
  prepareForCreate(o) {
    o.status = { acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
    recordStoredVersion(o);
  },
  prepareForUpdate: (o) => recordStoredVersion(o),
  validate: validateCRD,
  validateUpdate: validateCRDUpdate,
  printer: customResourceDefinitionPrinter,
  subresources: { status: { type: 'status' } },
});
