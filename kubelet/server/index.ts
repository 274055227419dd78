// kubelet/server: the kubelet's HTTP(S) server (logs, exec, attach, port-forward, health) and its
// authentication/authorization.
export { KubeletServer, type KubeletServerOptions, type PodSource } from './server.js';
export { streamLog, parseCriLine, renderLine, logOptions, type LogOptions, type CriLine } from './logs.js';
export { ExecStreams, execRequest, exitStatus, successStatus, PROTOCOLS, type ExecRequest } from './exec.js';
export { servePortForwardSpdy, upgradeSpdy, PortForwardWebSockets, PORTFORWARD_PROTOCOL, SPDY_WEBSOCKET_PROTOCOL, type ForwardTarget, type PortDialer } from './portforward.js';
export { checkRequest, certificateUser, requestAttributes, sarAuthorizer, type NodeAuthorizer, type KubeletUser, type NodeAttributes } from './auth.js';
export { serverSecurity, type ServerSecurityFlags } from './security.js';
export { KubeletMetrics, podStartBuckets } from './metrics.js';
