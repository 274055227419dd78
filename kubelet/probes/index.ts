// kubelet/probes: startup/readiness/liveness probe workers and the handler runner (exec, httpGet,
// tcpSocket) also used for preStop hooks.
export { ProbeManager, type ProbeManagerOptions, type ProbeSubject, type ProbeKind } from './manager.js';
export { runHandler, resolvePort, type Handler, type ProbeOutcome, type ProbeTarget } from './prober.js';
