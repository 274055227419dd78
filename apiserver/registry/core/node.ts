// Nodes: cluster-scoped, status subresource, spec.unschedulable field selector, and SetDefaults_NodeStatus
// (allocatable defaults to capacity) on every write, status writes included.
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { nodePrinter } from '../../printers/nodes.js';
import { defineResource } from '../strategy/define.js';
import { fieldBool, objAt } from '../strategy/util.js';

export function defaultNodeStatus(o: Obj): void {
  const status = o.status;
  if (isObj(status) && isObj(status.capacity) && (status.allocatable === undefined || status.allocatable === null))
    status.allocatable = { ...status.capacity };
}

export const nodes = defineResource({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false,
  shortNames: ['no'],
  defaults: defaultNodeStatus,
  prepareForStatusUpdate: defaultNodeStatus,
  printer: nodePrinter,
  fieldLabels: { 'spec.unschedulable': (o) => fieldBool(objAt(o.spec).unschedulable) },
  subresources: { status: { type: 'status' } },
});
