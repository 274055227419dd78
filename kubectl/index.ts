// The bundled mini-kubectl (bin `k8ts-kubectl`): everyday kubectl commands with kubectl's output,
// plus `why`, built on @kubernetes/client-node and yaml. Public surface for the launcher and tests.
export { main } from './cli.js';
export type { IO } from './cli-runtime/io.js';
export { CliError, ServerError } from './cli-runtime/io.js';
export { formatTable } from './tabwriter.js';
export { threeWayMergePatch, isSubset } from './merge.js';
export { threeWayStrategicPatch, hasStrategicSchema } from './strategic.js';
export { execute as jsonpath } from './jsonpath.js';
export { resolve as resolveResource, type ApiResource } from './cli-runtime/discovery.js';
export type { Explanation, Finding } from './why/index.js';
