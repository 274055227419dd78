// ValidatingWebhookConfigurations (admissionregistration.k8s.io/v1): stored and validated; calling
// the webhooks during admission is issue 14.
import { webhookConfigurationPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { bumpGenerationOnWebhookChange, defaultWebhooks, validateWebhookConfiguration } from './webhooks.js';

export const validatingwebhookconfigurations = defineResource({
  group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false,
  categories: ['api-extensions'],
  hasGeneration: true,
  defaults: (o) => defaultWebhooks(o, false),
  prepareForUpdate: bumpGenerationOnWebhookChange,
  validate: (o) => validateWebhookConfiguration(o, false),
  printer: webhookConfigurationPrinter,
});
