// EndpointSlices: port name "" and protocol TCP defaults (SetDefaults_EndpointPort); PUT creates a missing one.
import { endpointSlicePrinter } from '../../printers/network.js';
import { defineResource } from '../strategy/define.js';
import { objs, setIfAbsent } from '../strategy/util.js';

export const endpointslices = defineResource({
  group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true,
  defaults(o) {
    for (const p of objs(o.ports)) {
      setIfAbsent(p, 'name', '');
      setIfAbsent(p, 'protocol', 'TCP');
    }
  },
  allowCreateOnUpdate: true,
  printer: endpointSlicePrinter,
});
