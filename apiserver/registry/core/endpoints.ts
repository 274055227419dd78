// Endpoints: port protocol defaults; PUT creates a missing object (the endpoints controller writes so).
import { endpointsPrinter } from '../../printers/network.js';
import { defineResource } from '../strategy/define.js';
import { objs, setIfAbsent } from '../strategy/util.js';

export const endpoints = defineResource({
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  defaults(o) {
    for (const s of objs(o.subsets)) for (const p of objs(s.ports)) setIfAbsent(p, 'protocol', 'TCP');
  },
  allowCreateOnUpdate: true,
  printer: endpointsPrinter,
});
