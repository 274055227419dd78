// kubelet/network: pod networking through the standard CNI plugins (bridge, host-local, loopback,
// portmap) and named network namespaces.
export { PodNetwork, type PodNetworkRequest, type PodNetworkStatus } from './podnetwork.js';
export { type PodNetworkOptions, type HostPortMapping, podIPFromResult } from './config.js';
export { invokePlugin, type CniResult, type CniInvocation } from './cni.js';
export { createNetns, deleteNetns, netnsPath, netnsExists } from './netns.js';
