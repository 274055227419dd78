// component-base: what every component's main.ts shares (k8s.io/component-base): flags with
// Kubernetes' syntax (Go booleans and durations), logging set-up (--v, --log-level) and runMain
// (signals → AbortSignal, exit codes, fatal errors).
export { parseBool, parseFlags, durationFlag, boolFlag, listFlag, invalidFlag, type FlagDef, type FlagDefs, type FlagValues } from './flags.js';
export { parseDuration, formatDuration } from '../duration.js';
export { logFlags, logLevelOf, componentLogger } from './logging.js';
export { runMain, errorMessage, processHost, ExitCode, type MainHost, type RunMainOptions } from './run.js';
