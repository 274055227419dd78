// The Endpoints controller (core/v1 Endpoints for Services with a selector).
export { EndpointsController, type EndpointsOptions } from './controller.js';
export { desiredSubsets, podPorts, endpointAddress } from './desired.js';
