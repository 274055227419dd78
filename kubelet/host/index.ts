// kubelet/host: helpers for working on the host, shared by runtime/, network/ and images/ (and
// cluster/ through kubelet/index.ts): running host tools (proc.ts) through the spawn helper
// (spawner.ts), and the runtime's error catalogue (errors.ts) that both throw.
export { RuntimeError, runtimeErrors, isNotFound, type RuntimeErrorCode } from './errors.js';
export { run, runDirect, runOk, signalNumber, type RunOptions, type RunResult } from './proc.js';
export { Spawner, sharedSpawner, type SpawnRequest, type SpawnReply } from './spawner.js';
