// Leases: plain objects; PUT creates a missing one (leader election and node heartbeats write so).
import { leasePrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';

export const leases = defineResource({
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true,
  allowCreateOnUpdate: true,
  printer: leasePrinter,
});
