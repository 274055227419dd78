// kube-apiserver: the API over etcd (registry/, handlers/, storage/, auth/, admission/, patch/,
// openapi/, protobuf/) served by server/. Public surface for the launcher, benches and tests:
// run(options, signal) and the flags it is started with.
export { run, type RunningApiServer } from './server/server.js';
export { parseApiServerFlags, apiServerFlags, defaultApiServerOptions, type ApiServerOptions } from './options.js';
