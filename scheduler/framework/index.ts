// The scheduling framework: extension-point interfaces, Status verdicts, CycleState, the runner.
export * from './types.js';
export { Status, Code } from './status.js';
export { CycleState, stateKey, type StateKey } from './cycle-state.js';
export { Framework, type ExtensionPoint, type PluginSpec, type ProfileSpec, type ScoreResult } from './framework.js';
export { fitErrorMessage, reasonHistogram, ERR_NO_NODES, type FitErrorInput } from './fit-error.js';
export { defaultNormalizeScore } from './normalize.js';
