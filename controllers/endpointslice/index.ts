// The EndpointSlice controller (discovery.k8s.io/v1 slices for Services with a selector).
export { EndpointSliceController, type EndpointSliceOptions } from './controller.js';
export { desiredSlices, endpointFor, ServiceNameLabel, ManagedByLabel, ManagedBy, MaxEndpointsPerSlice } from './desired.js';
