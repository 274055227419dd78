// kubelet/host: helpers for working on the host, shared by runtime/, network/, images/ and the
// kubelet's loops (and cluster/ through kubelet/index.ts): running host tools (proc.ts) through the
// spawn helper (spawner.ts), the runtime's error catalogue that both throw and errorMessage()
// (errors.ts), and timers (an abortable sleep, a stopwatch).
export { RuntimeError, runtimeErrors, isNotFound, errorMessage, type RuntimeErrorCode } from './errors.js';
export { run, runDirect, runOk, signalNumber, type RunOptions, type RunResult } from './proc.js';
export { Spawner, sharedSpawner, type SpawnRequest, type SpawnReply } from './spawner.js';
export { sleepFor, stopwatch } from './timers.js';
