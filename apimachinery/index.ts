// Shared API machinery used by every component: Status errors, object helpers, label and field
// selectors, resource quantities, durations, client set-up (keep-alive clients), logging,
// component-base (component/: flags, logging set-up, runMain) and (in controller/) the informer +
// workqueue + reconcile kit.
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
export * from './component/index.js';
