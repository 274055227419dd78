// core/v1 Bindings (POST /api/v1/namespaces/{ns}/bindings): create-only, binding the pod the body
// names exactly as pods/binding does (the pods module's binding subresource serves it).
import { createOnly, defineResource } from '../strategy/define.js';

export const bindings = defineResource({
  group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true,
  verbs: createOnly,
  createVia: { group: '', version: 'v1', plural: 'pods', subresource: 'binding' },
});
