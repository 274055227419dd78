// Shared API machinery used by every component: Status errors, object helpers, label and field
// selectors, resource quantities, durations (human and Go), the strategic-merge type model, client
// set-up (keep-alive clients), logging. Sub-folders with their own index.ts: component/
// (component-base: flags, logging set-up, runMain), controller/ (informer + workqueue + reconcile
// kit), pki/, spdy/.
export * from './errors.js';
export * from './objects.js';
export * from './labels.js';
export * from './fields.js';
export * from './quantity.js';
export * from './duration.js';
export * from './merge-keys.js';
export * from './client.js';
export * from './keepalive.js';
export * from './log.js';
