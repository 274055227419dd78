// MutatingWebhookConfigurations (admissionregistration.k8s.io/v1): stored and validated; calling
// the webhooks during admission is issue 14.
import { webhookConfigurationPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { bumpGenerationOnWebhookChange, defaultWebhooks, validateWebhookConfiguration } from './webhooks.js';

export const mutatingwebhookconfigurations = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false,
  categories: ['api-extensions'],
  hasGeneration: true,
  defaults: (o) => defaultWebhooks(o, true),
  prepareForUpdate: bumpGenerationOnWebhookChange,
  validate: (o) => validateWebhookConfiguration(o, true),
  printer: webhookConfigurationPrinter,
});
