// kubelet/server: the kubelet's HTTP server (logs, exec over WebSocket, health).
export { KubeletServer, type KubeletServerOptions, type PodSource } from './server.js';
export { streamLog, parseCriLine, renderLine, logOptions, type LogOptions, type CriLine } from './logs.js';
export { ExecStreams, execRequest, exitStatus, successStatus, PROTOCOLS, type ExecRequest } from './exec.js';
