// ReplicaSets: replicas and template defaults, workload validation, generation, scale, the
// status.replicas field selector.
import { ensure } from '../../../apimachinery/objects.js';
import { replicaSetPrinter } from '../../printers/apps.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { defaultTemplate, scaleSubresource, validateSelectorUnchanged, validateWorkload } from './workload.js';

export const replicasets = defineResource({
  group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  hasGeneration: true,
  defaults(o) {
    const spec = ensure(o, 'spec');
    setIfAbsent(spec, 'replicas', 1);
    defaultTemplate(spec);
  },
  prepareForCreate(o) {
    // status.replicas is required (a Go int, serialised even when 0).
    o.status = { replicas: 0 };
  },
  validate: validateWorkload,
  validateUpdate: validateSelectorUnchanged,
  printer: replicaSetPrinter,
  fieldLabels: { 'status.replicas': (o) => String(Number(objAt(o.status).replicas ?? 0)) },
  subresources: { status: { type: 'status' }, scale: scaleSubresource },
});
