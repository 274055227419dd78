// Nodes: cluster-scoped, status subresource, spec.unschedulable field selector.
import { nodePrinter } from '../../printers/nodes.js';
import { defineResource } from '../strategy/define.js';
import { fieldBool, objAt } from '../strategy/util.js';

export const nodes = defineResource({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false,
  shortNames: ['no'],
  printer: nodePrinter,
  fieldLabels: { 'spec.unschedulable': (o) => fieldBool(objAt(o.spec).unschedulable) },
  subresources: { status: { type: 'status' } },
});
